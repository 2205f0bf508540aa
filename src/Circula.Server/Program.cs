using Circula.Server;

var app = CirculaApp.Build(args);
// Settings first, all of them, so that a refused start has changed nothing; then migrations and seeding.
var refusal = StartupCheck.SettingsProblem(app) ?? await StartupCheck.InitializeAsync(app);
if (refusal is not null)
{
    await Console.Error.WriteLineAsync(refusal);
    return StartupCheck.ExitCode;
}

app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();
return 0;
