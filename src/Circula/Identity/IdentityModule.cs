using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity.Endpoints;
using Circula.Shared;
using Circula.Shared.Modules;
using Circula.Shared.Work;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

public sealed class IdentityModule : ICirculaModule
{
    /// <summary>Rate-limiter policy for sign-in endpoints.</summary>
    public const string LoginRateLimit = "login";

    public void ConfigureModel(ModelBuilder modelBuilder) => IdentityModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section)
            .PostConfigure<IHostEnvironment, IOptions<CirculaOptions>>((o, env, circula) =>
                o.SigningKey = DevelopmentSecrets.FillIfDevelopment(o.SigningKey, "jwt-signing.key", env, circula.Value.DataDirectory))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();
        services.AddPiiProtection();

        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<TokenService>();
        services.AddScoped<TokenRotation>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<DecoyPasswordHash>();
        services.AddScoped<SignInThrottle>();
        services.AddScopedJob<StaleSignInThrottles>();
        services.AddScoped<SecurityChanges>();
        services.AddSingleton<SessionCache>();
        services.AddScoped<LiveSessions>();
        services.AddHostedService<SessionChangeWatcher>();
        services.AddScoped<WeChatSignIn>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<UserAddressBook>();
        services.AddScoped<IWeChatBindings, WeChatBindings>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<AdminBootstrap>();
        services.AddScoped<IFirstAdmin>(sp => sp.GetRequiredService<AdminBootstrap>());
        services.AddScoped<IDemoDataSeeder, IdentityDemoData>();
        services.AddHttpClient<WeChatClient>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WeChatOptions>>().Value.TimeoutSeconds))
            // The default handler logs request URLs, and this one carries the app secret and the login code.
            .RemoveAllLoggers();
    }

    public void AddEndpointServices(IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddScoped<BearerSessionCheck>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokenIssuer>((o, issuer) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = issuer.ValidationParameters();
                o.EventsType = typeof(BearerSessionCheck);
            });
        AddPermissionPolicies(services.AddAuthorizationBuilder());
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        IdentityEndpoints.Map(app);
    }

    private static AuthorizationBuilder AddPermissionPolicies(AuthorizationBuilder builder)
    {
        foreach (var permission in Permissions.All)
        {
            builder.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireAssertion(c => Permissions.Has(c.User, permission)));
        }

        return builder;
    }
}
