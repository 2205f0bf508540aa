using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Shared.Ids;

namespace Circula.Payments.Contracts;

/// <summary>A daily bill reconciliation report's Snowflake id as contracts and events carry it (a string in JSON).</summary>
[JsonConverter(typeof(TypedIdJsonConverter<BillReportId>))]
public readonly record struct BillReportId(long Value) : ITypedId<BillReportId>
{
    public static BillReportId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
