using Circula.Notifications.Delivery;
using Circula.Notifications.Robots;
using Circula.Notifications.SubscribeMessages;
using Circula.Notifications.Templates;
using Circula.Notifications.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications;

internal static class NotificationsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Robot>(e =>
        {
            e.ToTable("NotificationRobots");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>();
        });
        modelBuilder.Entity<Webhook>(e =>
        {
            e.ToTable("NotificationWebhooks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>();
        });
        modelBuilder.Entity<NotificationDelivery>(e =>
        {
            e.ToTable("NotificationDeliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
        });
        modelBuilder.Entity<EditedTemplate>(e =>
        {
            e.ToTable("NotificationTemplates");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<SubscribeTemplate>(e =>
        {
            e.ToTable("SubscribeTemplates");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.FieldMap);
        });
        modelBuilder.Entity<SubscribeCredit>(e =>
        {
            e.ToTable("SubscribeCredits");
            e.HasKey(x => new { x.UserId, x.TemplateId });
        });
        modelBuilder.Entity<MiniProgramToken>(e =>
        {
            e.ToTable("MiniProgramTokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<DeliveryAttempt>(e =>
        {
            e.ToTable("NotificationAttempts");
            e.HasKey(x => x.Id);
        });
    }
}
