using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Circula.Payments.Providers;
using Circula.Shared.OpenApi;
using Circula.Shared.Providers;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Circula.Server;

/// <summary>
/// The OpenAPI documents: <c>v1</c>, the API that apps and the admin console call; <c>callbacks</c>, what payment
/// providers call; <c>sandbox</c>, the development imitation of WeChat and the providers (only where it is loaded).
/// </summary>
internal static partial class ApiDocuments
{
    public const string Api = "v1";
    public const string Callbacks = "callbacks";
    public const string Sandbox = Circula.Sandbox.CirculaSandbox.DocumentName;

    /// <summary>Provider callbacks live at /api/v1/payments/{provider}/…notify (docs/payments.md gives them to the providers).</summary>
    [GeneratedRegex("^api/v1/payments/[a-z]+/[a-z-]*notify$")]
    private static partial Regex CallbackPath();

    /// <summary>Customer-facing tags first, in the order an app meets them; then operators'.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Auth", "Sign in (WeChat mini program or username and password), refresh and end sign-ins. Access tokens last 15 minutes; refresh tokens work once."),
        ("Me", "The signed-in user: profile, phone and delivery addresses (stored encrypted, shown masked in lists), and the WeChat subscribe messages they accepted."),
        ("Catalog", "The public shop: the category tree, product search and product details with ETag revalidation."),
        ("Orders", ""),
        ("Payments", "Paying an order with WeChat Pay (JSAPI in the mini program, Native QR code) or Alipay (wap, page), and reading payments and refunds."),
        ("Recycling", "Door-to-door recycling: the price list of recycling categories (unit, base price, questions to ask), instant itemized quotes, " +
            "free pickup slots, booking, cancelling and accepting a weighed price, and the recycling balance. Coordinates are GCJ-02 (as Chinese map SDKs and wx.getLocation give them)."),
        ("Recycling collectors", "Collectors (role collector): their own pickup tasks for a day in route order; start the trip, weigh, complete with the payout, report a no-show."),
        ("Marketplace", "Second-hand listings: sellers (verified: a bound phone or a WeChat sign-in) write drafts and submit them to review, withdraw and relist; " +
            "anybody reads published listings, searches them by words (Chinese segmented, Latin typos forgiven, operators' synonyms), price, condition, " +
            "category and distance, finds them near a point or inside a drawn polygon; favourites. Prices in fen; coordinates are GCJ-02 " +
            "(as Chinese map SDKs and wx.getLocation give them)."),
        ("Marketplace orders", "Buying a listing (an order of its one item, paid, cancelled and confirmed under Orders) and the seller's sales: " +
            "the buyer's address to ship to, and shipping."),
        ("Uploads", "Images for other requests (photos of weighed items, listings): upload one as multipart field file, get its id and URLs; " +
            "the stored images are re-encoded without EXIF and served immutable from /uploads/{key}."),
        ("Live events", "Server-Sent Events: changes as they happen, resumable with Last-Event-ID."),
        ("Catalog admin", "Operators: categories, products and SKUs. Product writes may be conditional on If-Match."),
        ("Inventory admin", "Operators: stock on hand, reserved and available, adjustments with reasons, low-stock thresholds."),
        ("Orders admin", "Operators: every order; ship, complete, cancel and refund."),
        ("Payments admin", "Operators: an order's payments and refunds, daily bill reconciliation."),
        ("Notifications admin", "Operators: group robots (WeCom, Feishu, DingTalk), signed webhooks and WeChat subscribe-message templates, with their deliveries."),
        ("Recycling admin", "Operators: pricing rules per recycling category, each save a new version (conditional on If-Match), and previews; service areas; " +
            "collectors (area polygons in GCJ-02, hours, places per slot); appointments by day, slot and status, confirming (which dispatches), assigning and cancelling."),
        ("Marketplace admin", "Operators: the listing moderation queue with the blocked words found, approving, rejecting and taking down with reasons; " +
            "the keyword blocklist; the synonym groups the listing search widens queries with (an edit counts from the next query on)."),
        ("Admin: users", "Admins: find users, change roles, disable accounts (effective within a second)."),
        ("Outbox admin", "Operators: integration events waiting, delivered or dead, and replaying them."),
        ("Provider callbacks", "Called by WeChat Pay and Alipay, never by apps: give these URLs to the providers. Answers are in each provider's own format."),
        ("Recycling channels", "Called by third-party recycling partners, never by apps: status callbacks of the pickups handed to them, HMAC-signed (docs/recycling.md)."),
        ("Sandbox", "DEVELOPMENT ONLY: the built-in imitation of WeChat login, WeChat Pay and Alipay. Never enabled in production."),
    ];

    public static IServiceCollection AddCirculaOpenApi(this IServiceCollection services, bool sandbox)
    {
        services.AddOpenApi(Api, o =>
        {
            Configure(o, d => d.GroupName is null && !IsCallback(d), "Circula API", "Circular-economy commerce: shop, recycling and second-hand trading. " +
                "Errors are RFC 7807 ProblemDetails with a stable `code` and a `traceId`; malformed JSON is 400, " +
                "well-formed but invalid values are 422 with `errors` per field. Money is integer fen (1 yuan = 100 fen). " +
                "`Accept-Language: zh-CN` gives error details in Chinese.");
        });
        services.AddOpenApi(Callbacks, o =>
        {
            Configure(o, d => d.GroupName is null && IsCallback(d), "Circula payment provider callbacks", "The URLs WeChat Pay and Alipay call with payment and refund " +
                "notifications. Each checks the provider's signature and answers in the provider's format; apps never call them.");
        });
        if (sandbox)
        {
            services.AddOpenApi(Sandbox, o => Configure(o, d => d.GroupName == Sandbox, "Circula sandbox (development only)", "The built-in imitation of WeChat login, " +
                "WeChat Pay v3 and the Alipay gateway that Development runs against, and the calls that play the customer paying. " +
                "Loaded only when Circula:Sandbox:Enabled is true; never in production."));
        }

        return services;
    }

    private static bool IsCallback(ApiDescription description) => CallbackPath().IsMatch(description.RelativePath ?? "");

    private static void Configure(OpenApiOptions options, Func<ApiDescription, bool> includes, string title, string description)
    {
        options.ShouldInclude = includes;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = title,
                Version = "v1",
                Description = description,
                License = new OpenApiLicense { Name = "Apache-2.0", Identifier = "Apache-2.0" },
            };
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            OrderTags(document);
            DeclareBearer(document);
            RequestsOmitNulls.Apply(document);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer<OmittedNullsSchemaTransformer>();
        // After it: a problem always has its type, title and status, although ProblemDetails omits them when null.
        options.AddSchemaTransformer<ProblemSchemaTransformer>();
        options.AddSchemaTransformer<PaymentNamesSchemaTransformer>();
        options.AddOperationTransformer<ContractOperationTransformer>();
        options.AddOperationTransformer<ExampleOperationTransformer>();
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (IsCallback(context.Description))
            {
                operation.Tags = new HashSet<OpenApiTagReference> { new("Provider callbacks", context.Document) };
            }

            return Task.CompletedTask;
        });
    }

    private static void OrderTags(OpenApiDocument document)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).SelectMany(o => o.Tags ?? Enumerable.Empty<OpenApiTagReference>()).Select(t => t.Name).ToHashSet();
        var ordered = new List<OpenApiTag>();
        foreach (var (name, text) in Tags)
        {
            if (used.Remove(name))
            {
                ordered.Add(new OpenApiTag { Name = name, Description = name == "Orders" ? Circula.Ordering.OrderLifecycleDocument.Markdown() : text });
            }
        }

        // A tag missing above still shows, after the known ones; the contract test asks for a description.
        ordered.AddRange(used.Order().Select(n => new OpenApiTag { Name = n }));
        document.Tags = new HashSet<OpenApiTag>(ordered);
    }

    private static void DeclareBearer(OpenApiDocument document)
    {
        if (!document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).Any(o => o.Security is { Count: > 0 }))
        {
            return;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ContractOperationTransformer.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Access token from /api/v1/auth/login, /api/v1/auth/wechat or /api/v1/auth/refresh.",
        };
    }

    public static void MapCirculaOpenApi(this WebApplication app, bool sandbox)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.DocumentTitle = "Circula API";
            o.SwaggerEndpoint($"/openapi/{Api}.json", "Circula API v1");
            o.SwaggerEndpoint($"/openapi/{Callbacks}.json", "Payment provider callbacks");
            if (sandbox)
            {
                o.SwaggerEndpoint($"/openapi/{Sandbox}.json", "Sandbox (development only)");
            }
        });
    }
}

/// <summary>
/// The payment provider and channel names the server knows, as enums wherever a payments type has a <c>provider</c> or
/// <c>channel</c> (robots' <c>provider</c> is another list).
/// </summary>
internal sealed class PaymentNamesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not { } property || property.DeclaringType.Namespace?.StartsWith("Circula.Payments", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        var known = context.ApplicationServices.GetServices<ProviderRegistration<PaymentProviderInfo, IPaymentProvider>>().Select(r => r.Info).ToList();
        var names = property.Name switch
        {
            "provider" => known.Select(k => k.Name),
            "channel" => known.SelectMany(k => k.Channels.Select(c => c.Name)).Distinct(),
            _ => null,
        };
        if (names is not null)
        {
            schema.Enum = names.Select(n => (JsonNode)JsonValue.Create(n)).ToList();
            if (schema.Type?.HasFlag(JsonSchemaType.Null) == true)
            {
                schema.Enum.Add(null!);
            }

            schema.Description ??= property.Name == "channel"
                ? string.Join("; ", known.Select(k => $"{k.Name}: {string.Join(", ", k.Channels.Select(c => c.Name))}"))
                : "The payment provider.";
        }

        return Task.CompletedTask;
    }
}
