using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Circula.Shared.OpenApi;

/// <summary>
/// What a generated client needs beyond the handler's signature: who may call the operation (<c>security</c>, and
/// <c>security: []</c> for public ones), the headers it reads and sends, which answers say when to retry, and a
/// description of every operation and parameter.
/// </summary>
public sealed class ContractOperationTransformer : IOpenApiOperationTransformer
{
    public const string BearerScheme = "Bearer";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = "/" + context.Description.RelativePath?.TrimEnd('/');
        var access = DescribeAccess(operation, metadata, context.Document);
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? access : $"{operation.Description}\n\n{access}";

        foreach (var header in metadata.OfType<DocumentedRequestHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            parameter.Description ??= ParameterGlossary.Describe(parameter.Name!, parameter.In, path);
            // The server refuses a request without it (400 idempotency_key_required): a client must always send one.
            if (parameter.Name == "Idempotency-Key")
            {
                parameter.Required = true;
            }
        }

        await DeclareProblemSchemaAsync(context, cancellationToken);
        AddResponseHeaders(operation, metadata, context.Document);
    }

    /// <summary>The 429 and 503 answers added here refer to ProblemDetails, which a document of callbacks has no other use for.</summary>
    private static async Task DeclareProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Document is { } document && document.Components?.Schemas?.ContainsKey(nameof(ProblemDetails)) != true)
        {
            document.AddComponent(nameof(ProblemDetails), await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct));
        }
    }

    private static string DescribeAccess(OpenApiOperation operation, IList<object> metadata, OpenApiDocument? document)
    {
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            // Stated, not left out: an operation without `security` would inherit any document-wide requirement.
            operation.Security = [];
            return "Public: no access token.";
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        var policies = authorize.Select(a => a.Policy).OfType<string>().Distinct().ToList();
        return policies.Count == 0
            ? "Requires an access token (any signed-in user)."
            : $"Requires an access token with the permission {string.Join(" and ", policies.Select(p => $"`{p}`"))}.";
    }

    private static void AddResponseHeaders(OpenApiOperation operation, IList<object> metadata, OpenApiDocument? document)
    {
        var limited = metadata.OfType<EnableRateLimitingAttribute>().Any();
        if (limited)
        {
            Ensure(operation, StatusCodes.Status429TooManyRequests, document);
        }

        // Any request can meet a database outage or a server that cannot issue ids; both answer 503 with Retry-After.
        Ensure(operation, StatusCodes.Status503ServiceUnavailable, document);
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            switch (status)
            {
                case "201":
                    AddHeader(concrete, "Location", "The URL of the created resource.");
                    break;
                case "429":
                    AddHeader(concrete, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
                    break;
                case "503":
                    AddHeader(concrete, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
                    break;
            }
        }

        foreach (var header in metadata.OfType<DocumentedResponseHeader>())
        {
            if (operation.Responses?.GetValueOrDefault(header.Status.ToString(CultureInfo.InvariantCulture)) is OpenApiResponse response)
            {
                AddHeader(response, header.Name, header.Description);
            }
        }
    }

    /// <summary>Adds a ProblemDetails answer with <paramref name="status"/> when the endpoint did not declare one.</summary>
    private static void Ensure(OpenApiOperation operation, int status, OpenApiDocument? document)
    {
        operation.Responses ??= [];
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = status == StatusCodes.Status429TooManyRequests ? "Too Many Requests" : "Service Unavailable",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
            },
        };
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type = JsonSchemaType.String)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } });
    }
}
