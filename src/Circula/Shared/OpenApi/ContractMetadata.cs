using Microsoft.AspNetCore.Builder;

namespace Circula.Shared.OpenApi;

/// <summary>A response header an endpoint sends with <paramref name="Status"/>, shown in the OpenAPI document.</summary>
public sealed record DocumentedResponseHeader(string Name, string Description, int Status);

/// <summary>A request header an endpoint reads without binding it to a parameter, shown in the OpenAPI document.</summary>
public sealed record DocumentedRequestHeader(string Name, string Description);

public static class ContractMetadataExtensions
{
    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, string name, string description, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new DocumentedResponseHeader(name, description, status));
        }

        return builder;
    }

    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedRequestHeader(name, description));
}
