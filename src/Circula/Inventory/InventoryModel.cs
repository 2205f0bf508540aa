using Microsoft.EntityFrameworkCore;

namespace Circula.Inventory;

internal static class InventoryModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InventoryItem>(e =>
        {
            e.ToTable("InventoryItems");
            e.HasKey(x => x.SkuId);
            e.Property(x => x.SkuId).ValueGeneratedNever();
        });
        modelBuilder.Entity<InventoryMovement>(e =>
        {
            e.ToTable("InventoryMovements");
            e.HasKey(x => x.Id);
        });
    }
}
