using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Circula.Shared.OpenApi;

/// <summary>
/// Puts the endpoint's <see cref="OpenApiExample"/>s into the document and gives every error response a
/// ProblemDetails example, so client developers see real payloads for each answer.
/// </summary>
public sealed class ExampleOperationTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var example in context.Description.ActionDescriptor.EndpointMetadata.OfType<OpenApiExample>())
        {
            var node = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json.Value.SerializerOptions);
            var content = example.ResponseStatus is { } status
                ? operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture))?.Content
                : operation.RequestBody?.Content;
            foreach (var media in content?.Values ?? [])
            {
                media.Example = node?.DeepClone();
            }
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response.Content is { } problemContent)
            {
                foreach (var media in problemContent.Values.Where(m => m.Example is null))
                {
                    media.Example = ProblemExample(int.Parse(status, CultureInfo.InvariantCulture));
                }
            }
        }

        return Task.CompletedTask;
    }

    private static JsonNode ProblemExample(int status)
    {
        var example = new JsonObject
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110",
            ["title"] = status == 422 ? "Validation failed" : "Error",
            ["status"] = status,
            ["detail"] = status == 422 ? "One or more fields are invalid." : "What went wrong, in a sentence.",
            ["code"] = ErrorCodes.ForStatus(status),
            ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        };
        if (status == 422)
        {
            example["errors"] = new JsonObject { ["name"] = new JsonArray("is required.") };
        }

        return example;
    }
}
