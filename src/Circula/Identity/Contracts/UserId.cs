using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Shared.Ids;

namespace Circula.Identity.Contracts;

/// <summary>A user's id (customer, operator, collector) as contracts and events carry it.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<UserId>))]
public readonly record struct UserId(long Value) : ITypedId<UserId>
{
    public static UserId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
