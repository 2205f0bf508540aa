using Circula.Shared;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

public static class IdentityModule
{
    /// <summary>Rate-limiter policy for sign-in endpoints.</summary>
    public const string LoginRateLimit = "login";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section)
            .PostConfigure<IHostEnvironment, IOptions<CirculaOptions>>((o, env, circula) =>
                o.SigningKey = DevelopmentSecrets.FillIfDevelopment(o.SigningKey, "jwt-signing.key", env, circula.Value.DataDirectory))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);

        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<TokenService>();
        services.AddScoped<AdminBootstrap>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokenIssuer>((o, issuer) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = issuer.ValidationParameters();
                o.Events = new JwtBearerEvents { OnChallenge = WriteChallengeAsync };
            });
        services.AddAuthorizationBuilder().AddPermissionPolicies();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");
        auth.MapPost("/login", PasswordLogin.Handle)
            .WithName("Login")
            .WithSummary("Sign in with username and password (operators and admins)")
            .Validate<LoginRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(LoginRateLimit)
            .WithRequestExample(new LoginRequest("admin", "correct horse battery staple"))
            .WithResponseExample(ExampleTokens);
        return app;
    }

    internal static readonly TokenResponse ExampleTokens = new("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "Jq3n4F6u0dYp2m8Xk1Qe7r9s5t3v1w0zAa2Bb4Cc6Dd", 900);

    private static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var permission in Permissions.All)
        {
            builder.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireAssertion(c => Permissions.Has(c.User, permission)));
        }

        return builder;
    }

    /// <summary>Answers 401 as ProblemDetails: <c>invalid_token</c> when a token was sent but rejected, <c>unauthorized</c> when none was.</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var invalid = context.AuthenticateFailure is not null;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = invalid ? "Bearer error=\"invalid_token\"" : "Bearer";
        var problem = ApiProblems.Create(StatusCodes.Status401Unauthorized, invalid ? "invalid_token" : ErrorCodes.Unauthorized,
            "Unauthorized", invalid ? "The access token is invalid or expired." : "Sign in and send the access token as 'Authorization: Bearer <token>'.");
        await problem.ExecuteAsync(context.HttpContext);
    }
}
