using System.ComponentModel;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Recycling.Channels.Endpoints;

/// <summary>
/// <c>POST /api/v1/recycling/channels/{name}/callbacks</c>: a third-party channel reports an order's status. Anonymous
/// (no JWT), but nothing is read before the <c>X-Circula-*</c> HMAC signature is verified over the raw body.
/// </summary>
public static class ChannelCallbackEndpoint
{
    /// <summary>A status callback is a few hundred bytes; a larger body is refused unread.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/recycling/channels/{name}/callbacks", Handle).WithTags("Recycling channels").WithName("RecyclingChannelCallback")
            .WithSummary("A third-party recycling channel reports an order's status (called by the channel, HMAC-signed: see docs/recycling.md); 204 when applied or already known")
            .AllowAnonymous().DisableAntiforgery()
            .Accepts<ChannelCallbackExample>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(ChannelCallbackExample.Example);

    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        [Description("The channel's name as configured (Circula:Recycling:Channels:N:Name).")] string name, HttpRequest request, ChannelCallbacks callbacks, CancellationToken ct)
    {
        if (await CallbackBody.ReadAsync(request, MaxBodyBytes, ct) is not { } body)
        {
            return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Payload too large", $"A callback is at most {MaxBodyBytes} bytes.");
        }

        var pathAndQuery = $"{request.PathBase}{request.Path}{request.QueryString}";
        return (await callbacks.HandleAsync(name, request.Method, pathAndQuery, header => request.Headers[header].FirstOrDefault(), body, ct)).ToNoContent();
    }
}

/// <summary>The body a channel posts: our appointment id, its own order id, the status (accepted, assigned, on_the_way, completed, cancelled, rejected), what it paid on completion, a note.</summary>
public sealed record ChannelCallbackExample(string AppointmentId, string ExternalId, string Status, long? FinalFen, string? Detail)
{
    public static readonly ChannelCallbackExample Example = new("7212345678901234567", "JD-20261201-0001", "completed", 1850, "已上门回收");
}
