using Circula.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments;

/// <summary>The real server: Circula:Payments:ReconcileAfter defaults to five minutes and a value out of range stops the start.</summary>
public sealed class ReconciliationStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("circula-reconcile-").FullName;

    [Fact]
    public async Task Reconcile_after_defaults_to_five_minutes()
    {
        await using var app = PaymentStartupApp.Build(_folder, "--environment=Production");
        await app.StartAsync();

        Assert.Equal(TimeSpan.FromMinutes(5), app.Services.GetRequiredService<IOptions<PaymentsOptions>>().Value.ReconcileAfter);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("2.00:00:00")]
    public async Task Reconcile_after_out_of_range_refuses_to_start_and_names_the_setting(string value)
    {
        await using var app = PaymentStartupApp.Build(_folder, "--environment=Production", $"--Circula:Payments:ReconcileAfter={value}");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Circula:Payments:ReconcileAfter must be between 10 seconds and 1 day", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
