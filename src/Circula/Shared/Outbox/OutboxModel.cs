using Microsoft.EntityFrameworkCore;

namespace Circula.Shared.Outbox;

internal static class OutboxModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<OutboxDelivery>(e =>
        {
            e.ToTable("OutboxDeliveries");
            e.HasKey(x => new { x.MessageId, x.Handler });
        });
    }
}
