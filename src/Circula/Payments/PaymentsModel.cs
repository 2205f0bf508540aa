using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

internal static class PaymentsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Payment>(e =>
        {
            e.ToTable("Payments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.PayerOpenId).HasColumnName("payer_openid");
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.IsLive);
        });
        modelBuilder.Entity<PaymentHistoryEntry>(e =>
        {
            e.ToTable("PaymentHistory");
            e.HasKey(x => x.Id);
            e.Property(x => x.FromStatus).HasConversion<string>();
            e.Property(x => x.ToStatus).HasConversion<string>();
            e.Property(x => x.Actor).HasConversion<string>();
        });
        modelBuilder.Entity<PaymentNotification>(e =>
        {
            e.ToTable("PaymentNotifications");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<Refund>(e =>
        {
            e.ToTable("Refunds");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<RefundHistoryEntry>(e =>
        {
            e.ToTable("RefundHistory");
            e.HasKey(x => x.Id);
            e.Property(x => x.FromStatus).HasConversion<string>();
            e.Property(x => x.ToStatus).HasConversion<string>();
            e.Property(x => x.Actor).HasConversion<string>();
        });
        Bills.PaymentBillsModel.Configure(modelBuilder);
    }
}
