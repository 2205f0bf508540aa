using Circula.Server;

var app = CirculaApp.Build(args);
await CirculaApp.InitializeAsync(app);
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();
