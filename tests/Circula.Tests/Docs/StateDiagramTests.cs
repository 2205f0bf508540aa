using System.Reflection;
using Circula.Shared.StateMachines;

namespace Circula.Tests.Docs;

/// <summary>Every transition table of the product appears in docs/ as a Mermaid diagram generated from it.</summary>
public sealed class StateDiagramTests
{
    /// <summary>Where each machine's diagram lives and the status a new subject starts in. A new machine is added here.</summary>
    public static readonly TheoryData<string, string, string> Diagrams = new()
    {
        { "order", "docs/orders.md", "PendingPayment" },
        { "payment", "docs/payments.md", "Created" },
        { "refund", "docs/payments.md", "Requested" },
        { "appointment", "docs/recycling.md", "Pending" },
        { "payout", "docs/recycling.md", "Requested" },
        { "listing", "docs/marketplace.md", "Draft" },
    };

    [Theory]
    [MemberData(nameof(Diagrams))]
    public void The_state_diagram_in_the_docs_is_generated_from_the_table(string machine, string document, string initial) =>
        GeneratedDocs.AssertRegion(document, $"state-machine {machine}", StateMachineDiagram.Mermaid(Machines()[machine], initial));

    [Fact]
    public void Every_transition_table_in_the_product_has_a_diagram()
    {
        var documented = Diagrams.Select(row => (string)row[0]).ToHashSet();
        Assert.True(Machines().Keys.All(documented.Contains), $"Machines without a diagram: {string.Join(", ", Machines().Keys.Where(name => !documented.Contains(name)))}");
    }

    /// <summary>The machines the product declares (public static fields), by name.</summary>
    private static Dictionary<string, IStateMachineDescription> Machines() =>
        typeof(StateMachineEngine).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => typeof(IStateMachineDescription).IsAssignableFrom(f.FieldType))
            .Select(f => (IStateMachineDescription)f.GetValue(null)!)
            .ToDictionary(m => m.Name);
}
