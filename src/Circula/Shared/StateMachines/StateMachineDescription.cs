using System.Text;

namespace Circula.Shared.StateMachines;

/// <summary>A transition table as text, for documents that must not drift from the code.</summary>
public interface IStateMachineDescription
{
    string Name { get; }

    IEnumerable<DescribedTransition> Describe();
}

public sealed record DescribedTransition(string From, string Trigger, string To, IReadOnlyList<Actor> Actors, IReadOnlyList<string> Effects);

public static class StateMachineDiagram
{
    /// <summary>The table as a Mermaid state diagram; <paramref name="initial"/> is where a new subject starts.</summary>
    public static string Mermaid(IStateMachineDescription machine, string initial)
    {
        var rows = machine.Describe().ToList();
        var text = new StringBuilder();
        text.Append("```mermaid\nstateDiagram-v2\n");
        text.Append($"    [*] --> {initial}\n");
        foreach (var t in rows)
        {
            var actors = string.Join(", ", t.Actors.Select(a => a.ToString().ToLowerInvariant()));
            var effects = t.Effects.Count == 0 ? "" : "; " + string.Join(", ", t.Effects);
            text.Append($"    {t.From} --> {t.To}: {t.Trigger} ({actors}{effects})\n");
        }

        var terminal = rows.Select(t => t.To).Distinct().Where(s => rows.All(t => t.From != s)).OrderBy(s => s, StringComparer.Ordinal);
        foreach (var status in terminal)
        {
            text.Append($"    {status} --> [*]\n");
        }

        text.Append("```\n");
        return text.ToString();
    }
}
