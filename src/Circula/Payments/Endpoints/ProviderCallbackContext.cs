using Circula.Payments.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Circula.Payments.Endpoints;

/// <summary>What every notify handler takes: the request, the registry, the callback flow and a logger for refusals.</summary>
public sealed record ProviderCallbackContext(HttpContext Http, PaymentProviders Providers, PaymentCallbacks Callbacks, ILogger<PaymentCallbacks> Logger,
    CancellationToken Aborted);
