using System.Net.Http.Json;
using System.Net;
using Circula.Identity.Contracts;
using Circula.Identity.Endpoints;
using Circula.Identity;
using Circula.Shared;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Identity;

public abstract class AdminUsersTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static string RolesUrl(long id) => $"/api/v1/admin/users/{id}/roles";

    [Fact]
    public async Task A_customer_cannot_list_users()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync("/api/v1/admin/users")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_operator_can_list_users_but_not_change_roles()
    {
        var target = await server.CreateUserAsync(Roles.Customer);
        var operatorUser = await server.CreateUserAsync(Roles.Operator);

        var page = await (await operatorUser.Client.GetAsync("/api/v1/admin/users?role=operator")).ReadAs<PagedList<AdminUserSummary>>();
        Assert.Contains(page.Items, u => u.Id == operatorUser.Id);
        Assert.All(page.Items, u => Assert.Contains(Roles.Operator, u.Roles));
        Assert.DoesNotContain(page.Items, u => u.Id == target.Id);

        await (await operatorUser.Client.PutAsJsonAsync(RolesUrl(target.Id), new { roles = new[] { Roles.Admin } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_role_an_admin_grants_is_in_the_users_next_token()
    {
        var admin = await server.AdminClientAsync();
        var user = await server.CreateUserAsync(Roles.Customer);

        var updated = await (await admin.PutAsJsonAsync(RolesUrl(user.Id), new { roles = new[] { Roles.Customer, Roles.Seller } })).ReadAs<AdminUserSummary>();
        Assert.Equal([Roles.Customer, Roles.Seller], updated.Roles);

        var next = await (await server.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken })).ReadAs<TokenResponse>();
        Assert.Equal([Roles.Customer, Roles.Seller], JwtParts.Roles(next.AccessToken));
    }

    [Fact]
    public async Task Unknown_roles_are_422_and_an_admin_cannot_demote_themselves()
    {
        var admin = await server.AdminClientAsync();
        var user = await server.CreateUserAsync(Roles.Customer);
        var problem = await (await admin.PutAsJsonAsync(RolesUrl(user.Id), new { roles = new[] { Roles.Customer, "superuser" } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("roles[1]", out _));

        var adminId = (await (await admin.GetAsync("/api/v1/me")).ReadAs<MeResponse>()).Id;
        await (await admin.PutAsJsonAsync(RolesUrl(adminId), new { roles = new[] { Roles.Operator } }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "cannot_demote_self");
        await (await admin.PutAsJsonAsync(RolesUrl(-1), new { roles = new[] { Roles.Operator } })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Users_are_found_by_phone_through_the_keyed_hash_and_shown_masked()
    {
        var admin = await server.AdminClientAsync();
        var user = await server.CreateUserAsync(Roles.Customer);
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        await (await user.Client.PutAsJsonAsync("/api/v1/me/phone", new { phone })).ShouldBe(HttpStatusCode.NoContent);

        var page = await (await admin.GetAsync($"/api/v1/admin/users?phone={phone}")).ReadAs<PagedList<AdminUserSummary>>();
        var found = Assert.Single(page.Items);
        Assert.Equal(user.Id, found.Id);
        Assert.Equal(PiiMask.Phone(phone), found.Phone);
        Assert.Equal(1, page.Total);
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=0")]
    [InlineData("role=superuser")]
    [InlineData("phone=12345")]
    public async Task Bad_list_filters_are_422(string query)
    {
        var admin = await server.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/admin/users?" + query)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Pages_split_the_list_and_count_the_total()
    {
        var admin = await server.AdminClientAsync();
        await server.CreateUserAsync(Roles.Collector);
        await server.CreateUserAsync(Roles.Collector);

        var first = await (await admin.GetAsync("/api/v1/admin/users?role=collector&pageSize=1")).ReadAs<PagedList<AdminUserSummary>>();
        var second = await (await admin.GetAsync("/api/v1/admin/users?role=collector&pageSize=1&page=2")).ReadAs<PagedList<AdminUserSummary>>();
        Assert.True(first.Total >= 2);
        Assert.NotEqual(Assert.Single(first.Items).Id, Assert.Single(second.Items).Id);
    }
}

public sealed class AdminUsersTestsOnSqlite(SqliteServer server) : AdminUsersTests<SqliteServer>(server);

public sealed class AdminUsersTestsOnPostgres(PostgresServer server) : AdminUsersTests<PostgresServer>(server);
