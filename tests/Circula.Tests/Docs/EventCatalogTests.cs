using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Docs;

/// <summary>docs/events.md is generated from the event records, their XML summaries and the registered typed handlers.</summary>
public sealed class EventCatalogTests
{
    private static readonly Assembly Product = typeof(IIntegrationEvent).Assembly;

    [Fact]
    public void Docs_events_md_is_generated_from_the_code() => GeneratedDocs.AssertFile("docs/events.md", EventCatalogDocument.Markdown());

    [Fact]
    public void Every_event_has_a_versioned_name_and_lives_in_its_modules_contracts()
    {
        var events = EventCatalogDocument.Events();
        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.True(EventTypes.Parse(EventTypes.NameOf(e)) is not null, $"{e.Name}: '{EventTypes.NameOf(e)}' is not of the form module.what-happened.vN");
            Assert.Matches(@"^Circula\.\w+\.Contracts$", e.Namespace);
        });
        Assert.Equal(events.Count, events.Select(EventTypes.NameOf).Distinct().Count());
    }

    [Fact]
    public void Every_handler_subscribes_to_an_event_of_the_product_under_a_unique_name()
    {
        var subscriptions = EventCatalogDocument.Subscriptions();
        Assert.All(subscriptions, s => Assert.Contains(s.Event, EventCatalogDocument.Events()));
        Assert.Equal(subscriptions.Count, subscriptions.Select(s => s.HandlerName).Distinct().Count());
    }
}

/// <summary>Renders the catalogue of integration events.</summary>
internal static class EventCatalogDocument
{
    private static readonly Lazy<XDocument> Xml = new(() => XDocument.Load(Path.ChangeExtension(typeof(IIntegrationEvent).Assembly.Location, ".xml")));

    public static IReadOnlyList<Type> Events() =>
        typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
            .OrderBy(EventTypes.NameOf, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<OutboxSubscription> Subscriptions() =>
        new ServiceCollection().AddCirculaModules()
            .Where(d => d.ServiceType == typeof(OutboxSubscription) && d.ImplementationInstance is not null)
            .Select(d => (OutboxSubscription)d.ImplementationInstance!).ToList();

    public static string Markdown()
    {
        var subscriptions = Subscriptions();
        var text = new StringBuilder();
        text.Append("""
            # Integration events

            Every state change other modules (and, through webhooks, integrators) may react to is published as an integration
            event: a record in the producing module's `Contracts/`, written to the outbox in the same transaction as the change,
            delivered at least once to each typed handler (`IOutboxHandler<TEvent>`). A type name is `module.what-happened.vN`;
            a change a consumer would notice is a new version, never an edit of an old one. Ids are strings of digits (Snowflake
            ids exceed 2^53), money is integer fen, times are UTC, enum values are camelCase names.

            This file is generated from the code by `EventCatalogTests` (`CIRCULA_WRITE_DOCS=1 dotnet test --filter EventCatalogTests`
            rewrites it); the test fails when it differs.

            | event | producer | consumers |
            |---|---|---|

            """);
        foreach (var e in Events())
        {
            var consumers = subscriptions.Where(s => s.Event == e).Select(s => $"`{s.HandlerName}`").ToList();
            text.Append($"| [`{EventTypes.NameOf(e)}`](#{Anchor(EventTypes.NameOf(e))}) | {Module(e)} | {(consumers.Count == 0 ? "–" : string.Join(", ", consumers))} |\n");
        }

        foreach (var e in Events())
        {
            var name = EventTypes.NameOf(e);
            var (_, version) = EventTypes.Parse(name)!.Value;
            text.Append($"\n## {name}\n\n");
            text.Append($"{Summary("T:" + e.FullName)}\n\n");
            text.Append($"Version {version}, record `{e.FullName}`. Produced by {Module(e)}.");
            var consumers = subscriptions.Where(s => s.Event == e).ToList();
            text.Append(consumers.Count == 0
                ? " No handler in the product consumes it yet.\n\n"
                : $" Consumed by {string.Join(", ", consumers.Select(s => $"`{s.HandlerName}` ({ClassName(s.Handler)})"))}.\n\n");
            text.Append("| field | type |\n|---|---|\n");
            foreach (var (field, type) in Fields(e, ""))
            {
                text.Append($"| `{field}` | {type} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A handler class as C# writes it: <c>FanOut&lt;OrderPlaced&gt;</c>, not the CLR's <c>FanOut`1</c>.</summary>
    private static string ClassName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(ClassName))}>"
        : type.Name;

    private static IEnumerable<(string Field, string Type)> Fields(Type type, string prefix)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
        {
            var field = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = ElementOf(propertyType);
            if (element is not null && IsRecord(element))
            {
                yield return (field, "array of objects" + (nullable ? ", or null" : ""));
                foreach (var inner in Fields(element, field + "[]."))
                {
                    yield return inner;
                }

                continue;
            }

            yield return (field, Describe(propertyType) + (nullable ? ", or null" : ""));
        }
    }

    private static string Describe(Type type)
    {
        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITypedId<>)))
        {
            return $"{type.Name} (string of digits)";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"`{JsonNamingPolicy.CamelCase.ConvertName(n)}`"));
        }

        if (type == typeof(string))
        {
            return "string";
        }

        if (type == typeof(long) || type == typeof(int))
        {
            return "integer";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type == typeof(DateTime))
        {
            return "date-time (UTC)";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return $"object of {Describe(type.GetGenericArguments()[1])} by name";
        }

        return ElementOf(type) is { } element ? $"array of {Describe(element)}" : type.Name;
    }

    private static Type? ElementOf(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType || type.GetGenericArguments().Length != 1
            ? null
            : type.GetGenericArguments()[0];

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static string Module(Type e) => e.Namespace!.Split('.')[1];

    private static string Anchor(string name) => name.Replace(".", "", StringComparison.Ordinal);

    /// <summary>The type's XML summary as one line (crefs by their short name).</summary>
    private static string Summary(string member)
    {
        var element = Xml.Value.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == member)?.Element("summary");
        if (element is null)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" } see => "`" + ((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "").Split('.', ':')[^1] + "`",
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement other => other.Value,
                _ => "",
            });
        }

        return string.Join(" ", text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
