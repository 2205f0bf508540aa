using Circula.Data;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Recycling.Collectors;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Recycling.Payouts.WeChatTransfer;
using Circula.Shared.Work;
using Circula.Shared.Outbox;
using Circula.Recycling.Channels;
using Circula.Recycling.Channels.Endpoints;
using Circula.Recycling.Endpoints;
using Circula.Shared;
using Circula.Recycling.Pricing;
using Circula.Recycling.Quotes;
using Circula.Shared.Metrics;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Recycling;

/// <summary>
/// Door-to-door recycling: versioned pricing rules and instant quotes, service areas and pickup booking, the
/// appointment lifecycle with collector dispatch and weighing, and payouts with a balance ledger.
/// </summary>
public sealed class RecyclingModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder) => RecyclingModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<RecyclingOptions>().BindConfiguration(RecyclingOptions.Section)
            .Validate(o => o.QuoteValidFor > TimeSpan.Zero, "Circula:Recycling:QuoteValidFor must be positive.")
            .Validate(o => o.MinLeadTime >= TimeSpan.Zero && o.MaxAdvance > o.MinLeadTime,
                "Circula:Recycling:MinLeadTime must not be negative and MaxAdvance must be longer.")
            .Validate(o => o.PriceToleranceBasisPoints >= 0, "Circula:Recycling:PriceToleranceBasisPoints must not be negative.")
            .Validate(o => o.PayoutQueryAfter > TimeSpan.Zero, "Circula:Recycling:PayoutQueryAfter must be positive.")
            .ValidateOnStart();
        services.AddPiiProtection();
        services.AddSingleton<QuoterCache>();
        services.AddScoped<PricingRules>();
        services.AddScoped<Quoting>();
        services.AddScoped<ServiceAreas>();
        services.AddScoped<PickupSlots>();
        services.AddScoped<AppointmentBooking>();
        services.AddScoped<AppointmentTransitions>();
        services.AddScoped<AppointmentWork>();
        services.AddScoped<AppointmentQueries>();
        services.AddScoped<CollectorRoster>();
        services.AddScoped<Dispatch>();
        services.AddScoped<Settlement>();
        services.AddScoped<PayoutUpdates>();
        services.AddPayoutProvider<CashPayoutProvider>(CashPayoutProvider.Description, _ => true);
        services.AddWeChatTransferPayouts();
        services.AddPayoutProviders();
        services.AddOutboxHandler<PayoutRequested, PayoutHandler>();
        services.AddScopedJob<ProcessingPayoutQueries>();
        services.AddScoped<IDemoDataSeeder, RecyclingDemoData>();
        services.AddRecyclingChannels();
        services.AddEventMeasurements<RecyclingMetrics>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        RecyclingEndpoints.Map(app);
        PricingAdmin.Map(app);
        AppointmentEndpoints.Map(app);
        ServiceAreaAdmin.Map(app);
        AppointmentAdmin.Map(app);
        CollectorAdmin.Map(app);
        CollectorTasks.Map(app);
        PayoutAdmin.Map(app);
        ChannelCallbackEndpoint.Map(app);
    }
}
