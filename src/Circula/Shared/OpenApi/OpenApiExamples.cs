using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Shared.OpenApi;

/// <summary>An example value shown in the OpenAPI document for a request body or a response.</summary>
public sealed record OpenApiExample(object Value, int? ResponseStatus);

public static class OpenApiExampleExtensions
{
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, object example) =>
        builder.WithMetadata(new OpenApiExample(example, null));

    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, object example, int status = StatusCodes.Status200OK) =>
        builder.WithMetadata(new OpenApiExample(example, status));
}
