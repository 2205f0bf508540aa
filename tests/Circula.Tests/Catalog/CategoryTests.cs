using System.Net.Http.Json;
using System.Net;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Tests.Infrastructure;
using static Circula.Tests.Catalog.CatalogTestApi;

namespace Circula.Tests.Catalog;

public abstract class CategoryTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Operators_create_rename_move_and_disable_categories_and_the_public_tree_follows()
    {
        using var admin = await server.AdminClientAsync();
        var root = await admin.CreateCategoryAsync(Unique("家居"));
        var rooms = await admin.CreateCategoryAsync("客厅", root.Id, sortOrder: 20);
        var kitchen = await admin.CreateCategoryAsync("厨房", root.Id, sortOrder: 10);
        var sofas = await admin.CreateCategoryAsync("沙发", rooms.Id);
        Assert.Equal("shop", sofas.Kind);

        var renamed = await (await admin.PutAsJsonAsync($"/api/v1/admin/categories/{rooms.Id}", new { name = "起居室", sortOrder = 5 })).ReadAs<CategoryDto>();
        Assert.Equal(("起居室", 5), (renamed.Name, renamed.SortOrder));
        Assert.True(renamed.Version > rooms.Version);

        var moved = await (await admin.MoveCategoryAsync(sofas.Id, kitchen.Id)).ReadAs<CategoryDto>();
        Assert.Equal(kitchen.Id, moved.ParentId);

        var tree = (await server.Client.GetTreeAsync()).Single(n => n.Id == root.Id);
        Assert.Equal(["起居室", "厨房"], tree.Children.Select(c => c.Name));
        Assert.Equal([sofas.Id], tree.Children.Single(c => c.Id == kitchen.Id).Children.Select(c => c.Id));

        await (await admin.PostAsync($"/api/v1/admin/categories/{kitchen.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);
        var hidden = (await server.Client.GetTreeAsync()).Flatten().Select(n => n.Id).ToList();
        Assert.Contains(rooms.Id, hidden);
        Assert.DoesNotContain(kitchen.Id, hidden);
        Assert.DoesNotContain(sofas.Id, hidden);
        var adminView = await (await admin.GetAsync($"/api/v1/admin/categories/{kitchen.Id}")).ReadAs<CategoryDto>();
        Assert.False(adminView.IsEnabled);

        await (await admin.PostAsync($"/api/v1/admin/categories/{kitchen.Id}/enable", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(sofas.Id, (await server.Client.GetTreeAsync()).Flatten().Select(n => n.Id));
    }

    [Fact]
    public async Task Moving_a_category_under_itself_or_a_descendant_is_a_cycle()
    {
        using var admin = await server.AdminClientAsync();
        var root = await admin.CreateCategoryAsync(Unique("根"));
        var child = await admin.CreateCategoryAsync("子", root.Id);
        var grandchild = await admin.CreateCategoryAsync("孙", child.Id);

        await (await admin.MoveCategoryAsync(child.Id, child.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "category_cycle");
        await (await admin.MoveCategoryAsync(child.Id, grandchild.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "category_cycle");
        await (await admin.MoveCategoryAsync(root.Id, grandchild.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "category_cycle");

        var toRoot = await (await admin.MoveCategoryAsync(grandchild.Id, null)).ReadAs<CategoryDto>();
        Assert.Null(toRoot.ParentId);
    }

    [Fact]
    public async Task Sibling_names_are_unique_also_among_root_categories()
    {
        using var admin = await server.AdminClientAsync();
        var rootName = Unique("旧物");
        var root = await admin.CreateCategoryAsync(rootName);
        var other = await admin.CreateCategoryAsync(Unique("其他"));
        await (await admin.PostCategoryAsync(rootName)).ShouldBeProblem(HttpStatusCode.Conflict, "category_name_taken");

        var books = await admin.CreateCategoryAsync("书", root.Id);
        await admin.CreateCategoryAsync("书", other.Id);
        await (await admin.PostCategoryAsync("书", root.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "category_name_taken");

        var toys = await admin.CreateCategoryAsync("玩具", root.Id);
        await (await admin.PutAsJsonAsync($"/api/v1/admin/categories/{toys.Id}", new { name = "书", sortOrder = 0 }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "category_name_taken");
        var otherBooks = (await server.Client.GetTreeAsync()).Flatten().Single(n => n.Name == "书" && n.Id != books.Id);
        await (await admin.MoveCategoryAsync(otherBooks.Id, root.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "category_name_taken");
    }

    [Fact]
    public async Task Unknown_parents_depth_and_kind_are_checked()
    {
        using var admin = await server.AdminClientAsync();
        await (await admin.PostCategoryAsync("孤儿", parentId: 987654321)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "unknown_parent_category");
        await (await admin.MoveCategoryAsync(987654321, null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        var level = await admin.CreateCategoryAsync(Unique("L1"));
        var top = level;
        for (var depth = 2; depth <= 5; depth++)
        {
            level = await admin.CreateCategoryAsync($"L{depth}", level.Id);
        }

        await (await admin.PostCategoryAsync("L6", level.Id)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "category_too_deep");
        await (await admin.MoveCategoryAsync(level.Id, null)).ShouldBe(HttpStatusCode.OK);
        var twoLevels = await admin.CreateCategoryAsync(Unique("T1"));
        await admin.CreateCategoryAsync("T2", twoLevels.Id);
        var fourth = (await server.Client.GetTreeAsync()).Flatten().Single(n => n.Id == top.Id).Children.Single().Children.Single().Children.Single();
        await (await admin.MoveCategoryAsync(twoLevels.Id, fourth.Id)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "category_too_deep");

        var recycling = await admin.CreateCategoryAsync(Unique("废旧电池"), kind: "recycling");
        await (await admin.PostAsJsonAsync("/api/v1/admin/categories", new { parentId = recycling.Id, name = "x", kind = "shop" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "category_kind_mismatch");
        await (await admin.MoveCategoryAsync(twoLevels.Id, recycling.Id)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "category_kind_mismatch");
        await (await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = Unique("无类型") }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Bad_category_input_is_rejected_with_stable_codes()
    {
        using var admin = await server.AdminClientAsync();
        await (await admin.PostRawJsonAsync("/api/v1/admin/categories", "{\"name\": \"x\",")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostRawJsonAsync("/api/v1/admin/categories", "{\"name\": \"x\", \"kind\": \"shop\", \"sortOrder\": \"1\"}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostCategoryAsync(new string('纸', 10_000))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostCategoryAsync("   ")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await server.Client.GetAsync("/api/v1/categories?kind=gold")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PutAsJsonAsync("/api/v1/admin/categories/987654321", new { name = "x", sortOrder = 0 }))
            .ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Admin_category_endpoints_need_the_catalog_permission()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.PostCategoryAsync(Unique("x"))).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.PostCategoryAsync(Unique("x"))).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var @operator = await server.CreateUserAsync(Roles.Operator);
        await (await @operator.Client.PostCategoryAsync(Unique("x"))).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Parallel_creates_of_one_sibling_name_let_exactly_one_win()
    {
        using var admin = await server.AdminClientAsync();
        var parent = await admin.CreateCategoryAsync(Unique("并发"));
        foreach (var parentId in new long?[] { parent.Id, null })
        {
            var name = Unique("同名");
            var responses = await InParallelAsync(10, _ => admin.PostCategoryAsync(name, parentId));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                await lost.ShouldBeProblem(HttpStatusCode.Conflict, "category_name_taken");
            }
        }
    }

    [Fact]
    public async Task Parallel_renames_of_siblings_to_one_name_let_exactly_one_win()
    {
        using var admin = await server.AdminClientAsync();
        var parent = await admin.CreateCategoryAsync(Unique("改名"));
        var siblings = new List<CategoryDto>();
        for (var i = 0; i < 6; i++)
        {
            siblings.Add(await admin.CreateCategoryAsync($"旧名{i}", parent.Id));
        }

        var responses = await InParallelAsync(siblings.Count,
            i => admin.PutAsJsonAsync($"/api/v1/admin/categories/{siblings[i].Id}", new { name = "新名", sortOrder = 0 }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await lost.ShouldBeProblem(HttpStatusCode.Conflict, "category_name_taken");
        }

        var children = (await server.Client.GetTreeAsync()).Single(n => n.Id == parent.Id).Children;
        Assert.Single(children, c => c.Name == "新名");
    }

    [Fact]
    public async Task Parallel_crossing_moves_cannot_build_a_cycle()
    {
        using var admin = await server.AdminClientAsync();
        var root = await admin.CreateCategoryAsync(Unique("交叉"));
        for (var round = 0; round < 5; round++)
        {
            var a = await admin.CreateCategoryAsync($"A{round}", root.Id);
            var b = await admin.CreateCategoryAsync($"B{round}", root.Id);
            var responses = await InParallelAsync(2, i => i == 0 ? admin.MoveCategoryAsync(a.Id, b.Id) : admin.MoveCategoryAsync(b.Id, a.Id));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            await responses.Single(r => r.StatusCode != HttpStatusCode.OK).ShouldBeProblem(HttpStatusCode.Conflict, "category_cycle");
        }

        var all = await (await admin.GetAsync("/api/v1/admin/categories")).ReadAs<List<CategoryDto>>();
        var parents = all.ToDictionary(c => c.Id, c => c.ParentId);
        foreach (var category in all)
        {
            var steps = 0;
            for (var at = category.ParentId; at is { } id; at = parents[id])
            {
                Assert.True(++steps <= 10, $"category {category.Id} is in a cycle");
            }
        }
    }

    [Fact]
    public async Task Demo_data_has_the_recycling_tree()
    {
        var recycling = await server.Client.GetTreeAsync("?kind=recycling");
        Assert.All(recycling.Flatten(), n => Assert.Equal("recycling", n.Kind));
        foreach (var name in new[] { "废纸", "塑料", "金属", "电子产品", "衣物", "家具", "家电" })
        {
            Assert.Contains(recycling, n => n.Name == name);
        }

        Assert.NotEmpty(recycling.Single(n => n.Name == "金属").Children);
        var shop = await server.Client.GetTreeAsync("?kind=shop");
        Assert.Contains(shop, n => n.Name == "二手家电");
        Assert.DoesNotContain(shop, n => n.Name == "废纸");
    }
}

public sealed class CategoryTestsOnSqlite(SqliteServer server) : CategoryTests<SqliteServer>(server);

public sealed class CategoryTestsOnPostgres(PostgresServer server) : CategoryTests<PostgresServer>(server);
