using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Identity.Endpoints;

/// <summary>The routes of sign-in, the signed-in user's own account, and user administration, with their documentation.</summary>
public static class IdentityEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        MapAuth(app.MapGroup("/api/v1/auth").WithTags("Auth").CarriesPrivateData());
        MapMe(app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization().CarriesPrivateData());
        MapAdminUsers(app.MapGroup("/api/v1/admin/users").WithTags("Admin: users").CarriesPrivateData());
    }

    private static void MapAuth(RouteGroupBuilder auth)
    {
        auth.MapPost("/login", PasswordLogin.Handle)
            .WithName("Login")
            .WithSummary("Sign in with username and password (operators and admins); failures are throttled per address and account (429 sign_in_throttled)")
            .Validate<LoginRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(IdentityModule.LoginRateLimit)
            .WithRequestExample(new LoginRequest("admin", "correct horse battery staple"))
            .WithResponseExample(ExampleTokens);
        auth.MapPost("/wechat", WeChatLogin.Handle)
            .WithName("WeChatLogin")
            .WithSummary("Sign in from the mini program with a wx.login() code; creates a customer on first sign-in")
            .Validate<WeChatLoginRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .RequireRateLimiting(IdentityModule.LoginRateLimit)
            .WithRequestExample(new WeChatLoginRequest("0a3Xk2ll2Cz0qg4K0Ill2ApDsd1Xk2lI"))
            .WithResponseExample(ExampleTokens);
        auth.MapPost("/refresh", TokenRefresh.Handle)
            .WithName("RefreshTokens")
            .WithSummary("Exchange a refresh token for a new token pair; each refresh token works once")
            .Validate<RefreshTokenRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithRequestExample(new RefreshTokenRequest(ExampleTokens.RefreshToken))
            .WithResponseExample(ExampleTokens);
        auth.MapPost("/logout", TokenRefresh.Logout)
            .WithName("Logout")
            .WithSummary("End the sign-in a refresh token belongs to, its access tokens included; always 204")
            .Validate<RefreshTokenRequest>()
            .WithRequestExample(new RefreshTokenRequest(ExampleTokens.RefreshToken));
    }

    private static void MapMe(RouteGroupBuilder me)
    {
        me.MapGet("/", Me.Get)
            .WithName("GetMe")
            .WithSummary("The signed-in user: roles, permissions, masked phone")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(new MeResponse(42, "微信用户1a2b", [Roles.Customer], [], "138****5678", true));
        me.MapPut("/phone", Me.SetPhone)
            .WithName("SetMyPhone")
            .WithSummary("Set the signed-in user's mobile number (stored encrypted)")
            .Validate<SetPhoneRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExample(new SetPhoneRequest("13812345678"));

        var addresses = me.MapGroup("/addresses");
        addresses.MapPost("/", UserAddresses.Create)
            .WithName("CreateMyAddress")
            .WithSummary($"Add an address (at most {UserAddressBook.MaxPerUser} per user)")
            .Validate<AddressRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithRequestExample(new AddressRequest("张三", "13812345678", "北京市", "北京市", "朝阳区", "建国路88号SOHO现代城A座1201", true))
            .WithResponseExample(ExampleAddress, StatusCodes.Status201Created);
        addresses.MapGet("/", UserAddresses.List)
            .WithName("ListMyAddresses")
            .WithSummary("The signed-in user's addresses, phone and street masked")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithResponseExample(new[] { new AddressSummary(7, "张三", "138****5678", "北京市", "北京市", "朝阳区", "建国路****", true) });
        addresses.MapGet("/{id:long}", UserAddresses.Get)
            .WithName("GetMyAddress")
            .WithSummary("One of the signed-in user's addresses in full")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(ExampleAddress);
        addresses.MapDelete("/{id:long}", UserAddresses.Delete)
            .WithName("DeleteMyAddress")
            .WithSummary("Delete one of the signed-in user's addresses")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapAdminUsers(RouteGroupBuilder users)
    {
        var example = new AdminUserSummary(42, null, "微信用户1a2b", [Roles.Customer, Roles.Seller], "138****5678", true, false,
            new DateTime(2025, 1, 1, 8, 0, 0, DateTimeKind.Utc));
        users.MapGet("/", AdminUsers.List)
            .WithName("ListUsers")
            .WithSummary("Find users by exact phone number and/or role, newest last")
            .RequireAuthorization(Permissions.UsersRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PagedList<AdminUserSummary>([example], 1, 20, 1));
        users.MapPut("/{id:long}/roles", AdminUsers.SetRoles)
            .WithName("SetUserRoles")
            .WithSummary("Replace a user's roles; takes effect on the user's next request, within a second on every replica")
            .RequireAuthorization(Permissions.UsersManage)
            .Validate<SetRolesRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new SetRolesRequest([Roles.Customer, Roles.Seller]))
            .WithResponseExample(example);
        users.MapPost("/{id:long}/disable", AdminUsers.Disable)
            .WithName("DisableUser")
            .WithSummary("Disable an account and end all its sign-ins; its access tokens are refused within a second")
            .RequireAuthorization(Permissions.UsersManage)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithResponseExample(example with { IsDisabled = true });
    }

    private static readonly AddressResponse ExampleAddress = new(7, "张三", "13812345678", "北京市", "北京市", "朝阳区",
        "建国路88号SOHO现代城A座1201", true, new DateTime(2025, 1, 1, 8, 0, 0, DateTimeKind.Utc));

    private static readonly TokenResponse ExampleTokens = new("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "Jq3n4F6u0dYp2m8Xk1Qe7r9s5t3v1w0zAa2Bb4Cc6Dd", 900);
}
