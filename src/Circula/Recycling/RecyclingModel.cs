using System.Text.Json;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Recycling.Collectors;
using Circula.Recycling.Payouts;
using Circula.Recycling.Channels;
using Circula.Recycling.Pricing;
using Circula.Recycling.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling;

internal static class RecyclingModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PricingRuleVersion>(e =>
        {
            e.ToTable("RecyclingPricingRules");
            e.HasKey(x => new { x.CategoryId, x.Version });
            e.Property(x => x.Document).HasColumnName("rule");
            e.Ignore(x => x.Rule);
        });
        modelBuilder.Entity<RecyclingQuote>(e =>
        {
            e.ToTable("RecyclingQuotes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Ignore(x => x.Priced);
        });
        modelBuilder.Entity<ServiceArea>(e =>
        {
            e.ToTable("RecyclingServiceAreas");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Shape);
        });
        modelBuilder.Entity<SlotCount>(e =>
        {
            e.ToTable("RecyclingSlotCounts");
            e.HasKey(x => new { x.AreaId, x.SlotStart });
        });
        modelBuilder.Entity<Appointment>(e =>
        {
            e.ToTable("RecyclingAppointments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.PriceAcceptance).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany<AppointmentHistoryEntry>().WithOne().HasForeignKey(h => h.AppointmentId);
        });
        modelBuilder.Entity<AppointmentHistoryEntry>(e =>
        {
            e.ToTable("RecyclingAppointmentHistory");
            e.HasKey(x => x.Id);
            e.Property(x => x.FromStatus).HasConversion<string>();
            e.Property(x => x.ToStatus).HasConversion<string>();
            e.Property(x => x.Trigger).HasConversion<string>();
            e.Property(x => x.Actor).HasConversion<string>();
        });
        modelBuilder.Entity<Collector>(e =>
        {
            e.ToTable("RecyclingCollectors");
            e.HasKey(x => x.UserId);
            e.Property(x => x.UserId).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.Shape);
        });
        modelBuilder.Entity<Payout>(e =>
        {
            e.ToTable("RecyclingPayouts");
            e.HasKey(x => x.AppointmentId);
            e.Property(x => x.AppointmentId).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.Number);
            e.Ignore(x => x.Order);
            e.Ignore(x => x.IsFinal);
            e.Property(x => x.Confirmation).HasConversion(
                c => c == null ? null : JsonSerializer.Serialize(c, JsonSerializerOptions.Web),
                text => text == null ? null : JsonSerializer.Deserialize<UserConfirmation>(text, JsonSerializerOptions.Web));
            e.HasMany<PayoutHistoryEntry>().WithOne().HasForeignKey(h => h.AppointmentId);
        });
        modelBuilder.Entity<PayoutHistoryEntry>(e =>
        {
            e.ToTable("RecyclingPayoutHistory");
            e.HasKey(x => x.Id);
            e.Property(x => x.FromStatus).HasConversion<string>();
            e.Property(x => x.ToStatus).HasConversion<string>();
            e.Property(x => x.Trigger).HasConversion<string>();
            e.Property(x => x.Actor).HasConversion<string>();
        });
        modelBuilder.Entity<PayoutNotification>(e =>
        {
            e.ToTable("RecyclingPayoutNotifications");
            e.HasKey(x => new { x.Provider, x.NotificationId });
        });
        modelBuilder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("RecyclingLedgerEntries");
            e.HasKey(x => x.Id);
        });
        ChannelsRegistration.ConfigureModel(modelBuilder);
    }
}
