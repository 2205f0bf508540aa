using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Ordering.Endpoints;
using Circula.Shared.Http;
using Circula.Shared.Modules;
using Circula.Shared.Timers;
using Circula.Shared.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Circula.Shared.Metrics;

namespace Circula.Ordering;

public sealed class OrderingModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder) => OrderingModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<OrderingOptions>().BindConfiguration(OrderingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IdempotencyStore>();
        services.AddScoped<HoardingLimits>();
        services.AddScoped<PlacedOrders>();
        services.AddScoped<ShopOrderBatch>();
        services.AddSingleton<PlacementCombiner>().AddHostedService(sp => sp.GetRequiredService<PlacementCombiner>());
        services.AddScoped<OrderPlacement>();
        services.AddEventMeasurements<OrderingMetrics>();
        services.AddScopedJob<ExpiredIdempotencyKeys, OrderingOptions>(ordering => ordering.IdempotencyCleanupInterval);
        services.AddScoped<OrderTransitions>();
        services.AddScoped<IOrderPayments, OrderPayments>();
        services.AddScoped<IOrderTimeline, OrderTimeline>();
        services.AddScoped<IDurableTimerHandler, PaymentTimeoutHandler>();
        services.AddScoped<IDurableTimerHandler, AutoCompleteHandler>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders").WithTags("Orders").RequireAuthorization().CarriesPrivateData();
        orders.ProducesProblem(StatusCodes.Status401Unauthorized);
        OrderEndpoints.MapCustomer(orders);

        var admin = app.MapGroup("/api/v1/admin/orders").WithTags("Orders admin").RequireAuthorization(Permissions.OrdersManage).CarriesPrivateData();
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        OrderEndpoints.MapOperator(admin);

        var marketplace = app.MapGroup("/api/v1").WithTags("Marketplace orders").RequireAuthorization().CarriesPrivateData();
        marketplace.ProducesProblem(StatusCodes.Status401Unauthorized);
        MarketplaceOrderEndpoints.Map(marketplace);
    }
}
