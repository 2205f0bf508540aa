using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Shared.Ids;

namespace Circula.Catalog.Contracts;

/// <summary>A SKU's id as contracts and events carry it.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<SkuId>))]
public readonly record struct SkuId(long Value) : ITypedId<SkuId>
{
    public static SkuId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
