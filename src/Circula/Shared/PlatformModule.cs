using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Shared.Outbox.Endpoints;
using Circula.Shared.Timers;
using Circula.Shared.Work;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Circula.Shared;

/// <summary>What every module builds on: Snowflake ids, the outbox and durable timers, with their background workers.</summary>
public sealed class PlatformModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        OutboxModel.Configure(modelBuilder);
        TimerModel.Configure(modelBuilder);
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section);
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.BatchSize > 0 && o.Parallelism > 0,
                "Circula:Outbox: PollInterval, BatchSize and Parallelism must be positive.")
            .ValidateOnStart();
        services.AddOptions<WorkerIdOptions>().BindConfiguration(WorkerIdOptions.Section);

        services.AddSingleton<WorkerIdLease>();
        services.AddSingleton<IWorkerIdSource>(sp => sp.GetRequiredService<WorkerIdLease>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<WorkerIdLease>());
        services.AddSingleton<SnowflakeIdGenerator>();

        services.AddScoped<Outbox.Outbox>();
        services.AddSingleton<Outbox.OutboxMetrics>();
        services.AddSingleton<Metrics.EventMetrics>();
        services.AddMetrics();
        services.AddScoped<DeadLetters>();
        services.AddClaimedBatch<OutboxDeliverer, OutboxOptions>(o => new ClaimPace<OutboxDeliverer>(o.PollInterval, o.BatchSize));
        services.AddScoped<OutboxHandlerCall>();
        services.AddWorker<OutboxBacklog>();
        services.AddScoped<DurableTimers>();
        services.AddScoped<StateMachines.StateMachineEngine>();
        services.AddClaimedWork<DurableTimerFiring>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapOutboxEndpoints();
}
