using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Inventory;

public sealed class InventoryModule : ICirculaModule
{
    /// <summary>One <see cref="StockLedger"/> per scope serves both contracts, so they share the scope's context and transaction.</summary>
    public void ConfigureModel(ModelBuilder modelBuilder) => InventoryModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services) =>
        services
            .AddScoped<StockLedger>()
            .AddScoped<IStockLedger>(sp => sp.GetRequiredService<StockLedger>())
            .AddScoped<IStockLevels>(sp => sp.GetRequiredService<StockLedger>());

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/inventory").WithTags("Inventory admin").RequireAuthorization(Permissions.InventoryManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        InventoryAdmin.Map(admin);
    }
}
