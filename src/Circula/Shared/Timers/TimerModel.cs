using Microsoft.EntityFrameworkCore;

namespace Circula.Shared.Timers;

internal static class TimerModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<DurableTimer>(e =>
        {
            e.ToTable("DurableTimers");
            e.HasKey(x => x.Id);
        });
}
