using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Shared.Ids;

namespace Circula.Payments.Contracts;

/// <summary>A payment's Snowflake id as contracts and events carry it (a string in JSON).</summary>
[JsonConverter(typeof(TypedIdJsonConverter<PaymentId>))]
public readonly record struct PaymentId(long Value) : ITypedId<PaymentId>
{
    public static PaymentId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
