using Microsoft.OpenApi;

namespace Circula.Server;

/// <summary>
/// A request member that may be null may also be left out (the server reads it as null), so in request bodies it is
/// optional: clients are not made to send <c>"remark": null</c>. Answers keep such members required: they are always
/// written, null or not.
/// </summary>
internal static class RequestsOmitNulls
{
    public static void Apply(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        var requests = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>(document.Paths.Values
            .SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(o => o.RequestBody?.Content?.Values ?? [])
            .Select(m => m.Schema).OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && requests.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.Items is null ? [] : [schema.Items])
                         .Concat(schema.AdditionalProperties is null ? [] : [schema.AdditionalProperties])
                         .Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AllOf ?? []))
            {
                pending.Push(child);
            }
        }

        foreach (var id in requests)
        {
            if (schemas[id] is OpenApiSchema { Required: { } required, Properties: { } properties })
            {
                foreach (var name in required.Where(name => properties.TryGetValue(name, out var p) && AllowsNull(p)).ToList())
                {
                    required.Remove(name);
                }
            }
        }
    }

    private static bool AllowsNull(IOpenApiSchema property) =>
        property.Type?.HasFlag(JsonSchemaType.Null) == true
        || (property.OneOf ?? property.AnyOf ?? []).Any(s => s.Type?.HasFlag(JsonSchemaType.Null) == true);
}
