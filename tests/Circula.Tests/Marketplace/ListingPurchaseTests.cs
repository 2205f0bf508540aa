using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments.WeChatPay;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Circula.Tests.Payments;

namespace Circula.Tests.Marketplace;

public sealed record ListingOrderLineDto(string? SkuId, string ProductName, long UnitPriceFen, int Quantity, long LineTotalFen, string? ListingId);

public sealed record ListingOrderDto(string Id, string Status, long TotalFen, List<ListingOrderLineDto> Lines, string? SellerId, JsonElement Address,
    List<string> AllowedActions, List<OrderHistoryDto> History, string? Carrier, string? TrackingNumber);

public sealed record SaleSummaryDto(string Id, string Status, long TotalFen, string FirstProductName, string? SellerId);

public sealed record SalesPageDto(List<SaleSummaryDto> Items, long Total);

internal static class ListingPurchaseApi
{
    public static Task<HttpResponseMessage> BuyAsync(this HttpClient client, string listingId, string? key = null, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/listings/{listingId}/orders")
        {
            Content = JsonContent.Create(body ?? new { address = OrderingTestApi.Address, remark = "周末前发货" }),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public static async Task<ListingOrderDto> BoughtAsync(this HttpClient client, string listingId) =>
        await (await client.BuyAsync(listingId)).ReadAs<ListingOrderDto>(HttpStatusCode.Created);

    public static async Task<string> ListingStatusAsync(this CirculaServer server, string listingId) =>
        (await (await server.Client.GetAsync($"/api/v1/listings/{listingId}")).ReadAs<ListingDto>()).Status;

    /// <summary>The ids of the published listings within a kilometre of <paramref name="spot"/>.</summary>
    public static async Task<string[]> NearbyAsync(this CirculaServer server, TestSpot spot) =>
        (await (await server.Client.GetAsync($"/api/v1/listings/nearby?lat={spot.Latitude}&lng={spot.Longitude}&radiusKm=1")).ReadAs<ListingPageDto>())
        .Items.Select(l => l.Id).ToArray();
}

/// <summary>
/// Buying a listing goes through the order and payment flow: the listing is reserved by the order (off the market), paid in
/// the sandbox, shipped by its seller (sold), confirmed by the buyer; an order that ends unshipped puts it back on the market.
/// </summary>
public abstract class ListingPurchaseTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    /// <summary>A Latin word no other listing has, so the search hits are this test's only.</summary>
    private static string NewWord() => "zp" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(10));

    private async Task<string[]> FoundAsync(string word) =>
        (await (await server.Client.GetAsync($"/api/v1/listings/search?q={word}")).ReadAs<SearchPageDto>()).Items.Select(i => i.ListingId).ToArray();

    private async Task<(SignedInUser Seller, ListingDto Listing, TestSpot Spot)> PublishedAsync(string? word = null, long priceFen = 259_900)
    {
        var seller = await server.SellerAsync();
        var spot = MarketplaceTestApi.NewSpot();
        var listing = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: $"{word ?? NewWord()} 二手相机", priceFen: priceFen));
        return (seller, listing, spot);
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task A_listing_is_bought_paid_in_the_sandbox_shipped_by_its_seller_and_confirmed_by_the_buyer(string provider)
    {
        var word = NewWord();
        var (seller, listing, spot) = await PublishedAsync(word, priceFen: 123_400);
        Assert.Equal([listing.Id], await FoundAsync(word));
        var buyer = await server.CreateUserAsync(Roles.Customer);

        var order = await buyer.Client.BoughtAsync(listing.Id);
        Assert.Equal(("pendingPayment", 123_400L, listing.SellerId), (order.Status, order.TotalFen, order.SellerId));
        var line = Assert.Single(order.Lines);
        Assert.Equal((null, listing.Id, listing.Title, 1, 123_400L), (line.SkuId, line.ListingId, line.ProductName, line.Quantity, line.LineTotalFen));
        Assert.Equal("reserved", await server.ListingStatusAsync(listing.Id));
        Assert.Empty(await FoundAsync(word));
        Assert.DoesNotContain(listing.Id, await server.NearbyAsync(spot));

        object pay = provider == AlipayProvider.Name ? new { orderId = order.Id, provider, channel = AlipayProvider.Wap } : new { orderId = order.Id, channel = WeChatPayProvider.Native };
        var payment = await (await buyer.Client.PostAsJsonAsync("/api/v1/payments", pay)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        Assert.Equal(123_400, payment.AmountFen);
        await (await server.Client.PostAsJsonAsync($"/sandbox/{provider}/pay", new { outTradeNo = payment.OutTradeNo })).ShouldBe(HttpStatusCode.OK);
        await server.EventuallyAsync(async () => (await (await buyer.Client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<ListingOrderDto>()).Status == "paid");
        Assert.Equal("reserved", await server.ListingStatusAsync(listing.Id));

        var sales = await (await seller.Client.GetAsync("/api/v1/marketplace/sales")).ReadAs<SalesPageDto>();
        Assert.Equal((order.Id, "paid", listing.Title), (Assert.Single(sales.Items).Id, sales.Items[0].Status, sales.Items[0].FirstProductName));
        var sale = await (await seller.Client.GetAsync($"/api/v1/marketplace/sales/{order.Id}")).ReadAs<ListingOrderDto>();
        Assert.Equal(("李四", "13912345678"), (sale.Address.GetProperty("name").GetString(), sale.Address.GetProperty("phone").GetString()));
        Assert.Equal(["ship"], sale.AllowedActions);

        // Only the seller ships their sale: the buyer and another seller do not find it.
        var stranger = await server.SellerAsync();
        foreach (var other in new[] { buyer, stranger })
        {
            await (await other.Client.PostAsync($"/api/v1/marketplace/sales/{order.Id}/ship", null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
            await (await other.Client.GetAsync($"/api/v1/marketplace/sales/{order.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        }

        Assert.Empty((await (await stranger.Client.GetAsync("/api/v1/marketplace/sales")).ReadAs<SalesPageDto>()).Items);

        var shipped = await (await seller.Client.PostAsJsonAsync($"/api/v1/marketplace/sales/{order.Id}/ship", new { carrier = "YTO", trackingNumber = "YT123" }))
            .ReadAs<ListingOrderDto>();
        Assert.Equal(("shipped", "YTO", "YT123", "seller"), (shipped.Status, shipped.Carrier, shipped.TrackingNumber, shipped.History[^1].Actor));
        Assert.Equal("sold", await server.ListingStatusAsync(listing.Id));

        var completed = await (await buyer.Client.PostAsync($"/api/v1/orders/{order.Id}/confirm-receipt", null)).ReadAs<ListingOrderDto>();
        Assert.Equal("completed", completed.Status);
        Assert.Equal("sold", await server.ListingStatusAsync(listing.Id));

        var sellerId = UserId.From(long.Parse(listing.SellerId));
        var placed = Assert.Single(await server.OutboxEventsAsync<OrderPlaced>(), e => e.OrderId.ToString() == order.Id);
        Assert.Equal(sellerId, placed.SellerId);
        Assert.Equal((null, listing.Id), (Assert.Single(placed.Lines).SkuId, placed.Lines[0].ListingId));
        var changes = await server.StatusChangesAsync(order.Id);
        Assert.Equal([(OrderStatus.PendingPayment, OrderStatus.Paid, Actor.System), (OrderStatus.Paid, OrderStatus.Shipped, Actor.Seller),
            (OrderStatus.Shipped, OrderStatus.Completed, Actor.Customer)], changes.Select(c => (c.From, c.To, c.Actor)));
        Assert.All(changes, c => Assert.Equal(sellerId, c.SellerId));

        using var admin = await server.AdminClientAsync();
        var history = await (await admin.GetAsync($"/api/v1/admin/marketplace/listings/{listing.Id}")).ReadAs<ListingDetailDto>();
        Assert.Equal([("reserve", "system"), ("sell", "system")], history.History.Skip(2).Select(h => (h.Trigger, h.Actor)));

        // Shipped right after payment, then completed: the seller's credit gains both, once each.
        var credit = await CreditTrailAsync(seller.Client, 2);
        Assert.Equal([("completed-deal", 10, $"order-completed:{order.Id}"), ("shipped-on-time", 2, $"order-shipped-on-time:{order.Id}")],
            credit.Trail.Items.Select(e => (e.Rule, e.Points, e.SourceKey)).Order());
        Assert.Equal(12, credit.Credit.Score);
        Assert.Empty((await (await buyer.Client.GetAsync("/api/v1/marketplace/credit/me")).ReadAs<CreditAccountDto>()).Trail.Items);
    }

    private async Task<CreditAccountDto> CreditTrailAsync(HttpClient user, int entries)
    {
        await server.EventuallyAsync(async () => (await (await user.GetAsync("/api/v1/marketplace/credit/me")).ReadAs<CreditAccountDto>()).Trail.Total == entries);
        return await (await user.GetAsync("/api/v1/marketplace/credit/me")).ReadAs<CreditAccountDto>();
    }

    [Fact]
    public async Task A_seller_who_ships_later_than_the_credit_rules_allow_earns_only_the_completed_deal()
    {
        var (seller, listing, _) = await PublishedAsync();
        var buyer = await server.CreateUserAsync(Roles.Customer);
        var order = await buyer.Client.BoughtAsync(listing.Id);
        Assert.True((await server.MarkPaidAsync(order.Id)).IsSuccess);
        await server.AdvanceClockAsync(TimeSpan.FromHours(49));
        using var sellerNow = await server.SignInAgainAsync(seller);
        using var buyerNow = await server.SignInAgainAsync(buyer);
        await (await sellerNow.PostAsync($"/api/v1/marketplace/sales/{order.Id}/ship", null)).ShouldBe(HttpStatusCode.OK);
        await (await buyerNow.PostAsync($"/api/v1/orders/{order.Id}/confirm-receipt", null)).ShouldBe(HttpStatusCode.OK);

        var credit = await CreditTrailAsync(sellerNow, 1);
        Assert.Equal(("completed-deal", 10), (Assert.Single(credit.Trail.Items).Rule, credit.Credit.Score));
    }

    [Fact]
    public async Task Of_buyers_racing_for_one_listing_exactly_one_gets_an_order()
    {
        var (_, listing, _) = await PublishedAsync();
        var buyers = new List<SignedInUser>();
        for (var i = 0; i < 8; i++)
        {
            buyers.Add(await server.CreateUserAsync(Roles.Customer));
        }

        var responses = await CatalogTestApi.InParallelAsync(16, i => buyers[i % buyers.Count].Client.BuyAsync(listing.Id));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "listing_unavailable");
        }

        Assert.Equal("reserved", await server.ListingStatusAsync(listing.Id));
        Assert.Single(await server.OutboxEventsAsync<OrderPlaced>(), e => e.Lines.Any(l => l.ListingId == listing.Id));
    }

    [Fact]
    public async Task A_seller_cannot_buy_their_own_listing()
    {
        var (seller, listing, _) = await PublishedAsync();

        await (await seller.Client.BuyAsync(listing.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "own_listing");
        Assert.Equal("active", await server.ListingStatusAsync(listing.Id));
    }

    [Fact]
    public async Task Listings_not_on_the_market_are_refused_and_drafts_and_unknown_ones_are_not_found()
    {
        var buyer = await server.CreateUserAsync(Roles.Customer);
        var seller = await server.SellerAsync();
        var spot = MarketplaceTestApi.NewSpot();
        var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(spot));
        await (await buyer.Client.BuyAsync(draft.Id)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await buyer.Client.BuyAsync("987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        var pending = await (await buyer.Client.BuyAsync(draft.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "listing_unavailable");
        Assert.Contains("not on the market", pending.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (owner, withdrawn, _) = await PublishedAsync();
        await (await owner.Client.PostAsync($"/api/v1/listings/{withdrawn.Id}/withdraw", null)).ShouldBe(HttpStatusCode.OK);
        await (await buyer.Client.BuyAsync(withdrawn.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "listing_unavailable");

        var (sold, listing, _) = await PublishedAsync();
        var first = await (await server.CreateUserAsync(Roles.Customer)).Client.BoughtAsync(listing.Id);
        var reserved = await (await buyer.Client.BuyAsync(listing.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "listing_unavailable");
        Assert.Contains("Another buyer", reserved.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True((await server.MarkPaidAsync(first.Id)).IsSuccess);
        await (await sold.Client.PostAsync($"/api/v1/marketplace/sales/{first.Id}/ship", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("sold", await server.ListingStatusAsync(listing.Id));
        var refused = await (await buyer.Client.BuyAsync(listing.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "listing_unavailable");
        Assert.Contains("sold", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyers_cancel_and_an_approved_refund_before_shipping_put_the_listing_back_on_the_market()
    {
        var word = NewWord();
        var (seller, listing, spot) = await PublishedAsync(word);
        var buyer = await server.CreateUserAsync(Roles.Customer);

        var cancelled = await buyer.Client.BoughtAsync(listing.Id);
        await (await buyer.Client.PostAsync($"/api/v1/orders/{cancelled.Id}/cancel", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("active", await server.ListingStatusAsync(listing.Id));
        Assert.Equal([listing.Id], await FoundAsync(word));

        var refunded = await buyer.Client.BoughtAsync(listing.Id);
        Assert.True((await server.MarkPaidAsync(refunded.Id)).IsSuccess);
        await (await buyer.Client.PostAsJsonAsync($"/api/v1/orders/{refunded.Id}/refund-request", new { reason = "不想要了" })).ShouldBe(HttpStatusCode.OK);
        await (await seller.Client.PostAsync($"/api/v1/marketplace/sales/{refunded.Id}/ship", null)).ShouldBeProblem(HttpStatusCode.Conflict, "invalid_transition");
        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsync($"/api/v1/admin/orders/{refunded.Id}/approve-refund", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("active", await server.ListingStatusAsync(listing.Id));
        Assert.Contains(listing.Id, await server.NearbyAsync(spot));

        // The buyer backed out of a paid deal (a seller cannot cancel one): the buyer's credit pays, the seller's does not.
        var entry = Assert.Single((await CreditTrailAsync(buyer.Client, 1)).Trail.Items);
        Assert.Equal(("cancelled-after-payment", -15, $"order-refunded:{refunded.Id}"), (entry.Rule, entry.Points, entry.SourceKey));
        Assert.Empty((await (await seller.Client.GetAsync("/api/v1/marketplace/credit/me")).ReadAs<CreditAccountDto>()).Trail.Items);
    }

    [Fact]
    public async Task Bad_requests_are_refused_before_anything_is_held()
    {
        var (seller, listing, _) = await PublishedAsync();
        var buyer = await server.CreateUserAsync(Roles.Customer);

        var noKey = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/listings/{listing.Id}/orders") { Content = JsonContent.Create(new { address = OrderingTestApi.Address }) };
        await (await buyer.Client.SendAsync(noKey)).ShouldBeProblem(HttpStatusCode.BadRequest, "idempotency_key_required");
        var badAddress = new { address = new { name = "李四", phone = "123", province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路 1 号" } };
        Assert.Equal(["address.phone"], await (await buyer.Client.BuyAsync(listing.Id, body: badAddress)).RefusedFieldsAsync());
        Assert.Equal(["address"], await (await buyer.Client.BuyAsync(listing.Id, body: new { remark = "x" })).RefusedFieldsAsync());
        await (await server.Client.BuyAsync(listing.Id)).ShouldBe(HttpStatusCode.Unauthorized);
        Assert.Equal("active", await server.ListingStatusAsync(listing.Id));

        // One key, one order: a repeat is the first answer again; the key with another listing is refused.
        var key = Guid.NewGuid().ToString();
        var first = await (await buyer.Client.BuyAsync(listing.Id, key)).ReadAs<ListingOrderDto>(HttpStatusCode.Created);
        var again = await buyer.Client.BuyAsync(listing.Id, key);
        Assert.Equal(first.Id, (await again.ReadAs<ListingOrderDto>(HttpStatusCode.Created)).Id);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var (_, other, _) = await PublishedAsync();
        await (await buyer.Client.BuyAsync(other.Id, key)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");

        Assert.True((await server.MarkPaidAsync(first.Id)).IsSuccess);
        var halfShipment = await seller.Client.PostAsJsonAsync($"/api/v1/marketplace/sales/{first.Id}/ship", new { carrier = "SF" });
        Assert.Equal(["trackingNumber"], await halfShipment.RefusedFieldsAsync());
    }

    [Fact]
    public async Task An_unpaid_order_times_out_and_the_listing_can_be_bought_again()
    {
        var word = NewWord();
        var (_, listing, _) = await PublishedAsync(word);
        var buyer = await server.CreateUserAsync(Roles.Customer);
        var order = await buyer.Client.BoughtAsync(listing.Id);

        await server.AdvanceClockAsync(TimeSpan.FromMinutes(31));
        await server.EventuallyAsync(async () => await server.ListingStatusAsync(listing.Id) == "active", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

        var buyerAgain = await server.SignInAgainAsync(buyer);
        var view = await (await buyerAgain.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<ListingOrderDto>();
        Assert.Equal(("cancelled", "payment timeout"), (view.Status, view.History[^1].Reason));
        Assert.Equal([listing.Id], await FoundAsync(word));
        var next = await (await server.CreateUserAsync(Roles.Customer)).Client.BoughtAsync(listing.Id);
        Assert.Equal("pendingPayment", next.Status);
    }
}

public sealed class ListingPurchaseTestsOnSqlite(SqliteServer server) : ListingPurchaseTests<SqliteServer>(server);

public sealed class ListingPurchaseTestsOnPostgres(PostgresServer server) : ListingPurchaseTests<PostgresServer>(server);

/// <summary>Two server processes on one PostgreSQL database, as replicas behind a load balancer, sell one listing once.</summary>
public sealed class TwoProcessListingPurchaseTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Two_processes_sell_one_listing_to_exactly_one_buyer()
    {
        var seller = await server.SellerAsync();
        var listing = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        var buyers = new List<SignedInUser>();
        for (var i = 0; i < 6; i++)
        {
            buyers.Add(await server.CreateUserAsync(Roles.Customer));
        }

        await using var first = await ServerProcess.StartAsync(server);
        await using var second = await ServerProcess.StartAsync(server);
        var clients = buyers.SelectMany(b => new[] { first.CreateClient(b.Tokens.AccessToken), second.CreateClient(b.Tokens.AccessToken) }).ToList();

        var responses = await CatalogTestApi.InParallelAsync(24, i => clients[i % clients.Count].BuyAsync(listing.Id));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "listing_unavailable");
        }

        Assert.Equal("reserved", await server.ListingStatusAsync(listing.Id));
    }
}
