using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Ordering;

public static class OrderingModule
{
    public static IServiceCollection AddOrderingModule(this IServiceCollection services)
    {
        services.AddOptions<OrderingOptions>().BindConfiguration(OrderingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IdempotencyStore>();
        services.AddScoped<ExpiredIdempotencyKeys>();
        services.AddHostedService<ExpiredIdempotencyKeyCleaner>();
        services.AddScoped<OrderTransitions>();
        services.AddScoped<IOrderPayments, OrderPayments>();
        services.AddScoped<IDurableTimerHandler, PaymentTimeoutHandler>();
        services.AddScoped<IDurableTimerHandler, AutoCompleteHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrderingEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders").WithTags("Orders").RequireAuthorization();
        orders.ProducesProblem(StatusCodes.Status401Unauthorized);
        OrderEndpoints.MapCustomer(orders);

        var admin = app.MapGroup("/api/v1/admin/orders").WithTags("Orders admin").RequireAuthorization(Permissions.OrdersManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        OrderEndpoints.MapOperator(admin);
        return app;
    }
}
