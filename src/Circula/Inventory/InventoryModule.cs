using Circula.Inventory.Contracts;
using Circula.Inventory.Endpoints;
using Circula.Shared.Metrics;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Inventory;

public sealed class InventoryModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder) => InventoryModel.Configure(modelBuilder);

    /// <summary>One <see cref="StockLedger"/> per scope serves both contracts, so they share the scope's context and transaction.</summary>
    public void AddServices(IServiceCollection services) =>
        services
            .AddScoped<StockLedger>()
            .AddScoped<IStockLedger>(sp => sp.GetRequiredService<StockLedger>())
            .AddScoped<IStockLevels>(sp => sp.GetRequiredService<StockLedger>())
            .AddScoped<StockAdministration>()
            .AddEventMeasurements<InventoryMetrics>();

    public void MapEndpoints(IEndpointRouteBuilder app) => InventoryAdmin.Map(app);
}
