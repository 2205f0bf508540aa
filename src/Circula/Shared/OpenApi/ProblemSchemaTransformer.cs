using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Circula.Shared.OpenApi;

/// <summary>
/// The members every error answer carries besides RFC 7807's (added in one place, HostDefaults' ProblemDetails
/// customization): a stable <c>code</c>, the <c>traceId</c> to quote, and <c>errors</c> per field on validation failures.
/// </summary>
public sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type) || context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        schema.Description = "An RFC 7807 problem. Branch on `code`, which is stable; `title` and `detail` are for people " +
            "(`detail` follows Accept-Language: zh-CN gives Chinese).";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Stable, machine-readable error code, for example validation_failed, not_found, insufficient_stock.",
        };
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "W3C trace id of the request; quote it when reporting a problem." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Field errors (on 400 and 422): the field's JSON name or path, and what is wrong with it.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Properties["retryAfter"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32",
            Description = "Seconds to wait before trying again, on refusals that say when (also in the Retry-After header).",
        };
        schema.Required = new HashSet<string> { "type", "title", "status", "code", "traceId" };
        foreach (var name in schema.Required)
        {
            // Always present in our answers, so never null.
            if (schema.Properties.TryGetValue(name, out var found) && found is OpenApiSchema member && member.Type is { } type)
            {
                member.Type = type & ~JsonSchemaType.Null;
            }
        }

        return Task.CompletedTask;
    }
}
