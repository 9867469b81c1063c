using System.Globalization;

namespace ObrasQr.Contracts;

/// <summary>One field that changed between two versions, described for citizens.</summary>
/// <remarks>On is when SECOP recorded the change ("Ultima Actualizacion"; <paramref name="FromSecop"/>), or, when the
/// row carries no such date, the day ObrasQr saw it, which the page then says.</remarks>
public sealed record ContractChange(string Field, string? Before, string? After, DateOnly On, bool FromSecop = false);

public static class ContractChanges
{
    static readonly CultureInfo Colombia = CultureInfo.GetCultureInfo("es-CO");

    // The fields a citizen cares about, with their Spanish labels.
    static readonly (string Label, Func<Contract, string?> Read)[] Watched =
    [
        ("Estado", c => c.Status),
        ("Valor del contrato", c => Money(c.Value)),
        ("Valor pagado", c => Money(c.PaidValue)),
        ("Fecha de inicio", c => Date(c.StartsOn)),
        ("Fecha de terminación", c => Date(c.EndsOn)),
        ("Días adicionados", c => c.AddedDays?.ToString(Colombia)),
        ("Objeto", c => c.Object),
        ("Contratista", c => c.ContractorName),
    ];

    /// <summary>What changed from each version to the next, newest first.</summary>
    public static IReadOnlyList<ContractChange> Between(IReadOnlyList<ContractVersion> history) => Latest(history, int.MaxValue);

    /// <summary>The <paramref name="max"/> most recent changes, newest first: only the newest versions are compared, so
    /// the cost does not grow with a long history.</summary>
    public static IReadOnlyList<ContractChange> Latest(IReadOnlyList<ContractVersion> history, int max)
    {
        var ordered = IsOrdered(history) ? history : history.OrderBy(v => v.Number).ToList();
        var changes = new List<ContractChange>();
        for (var i = ordered.Count - 1; i > 0 && changes.Count < max; i--)
        {
            var (before, after) = (ordered[i - 1].Contract, ordered[i].Contract);
            var on = SeenOn(ordered[i]);
            var fromSecop = ordered[i].Contract.UpdatedInSecop is not null;
            foreach (var (label, read) in Watched)
            {
                var (b, a) = (read(before), read(after));
                if (!string.Equals(b, a, StringComparison.Ordinal) && changes.Count < max)
                    changes.Add(new ContractChange(label, b, a, on, fromSecop));
            }
        }
        return changes;
    }

    /// <summary>When a version's changes happened: SECOP's own stamp ("Ultima Actualizacion", the date of the row's
    /// state), or the day we synchronised it. The Ley 80 check (art. 40, parágrafo) prices each addition at the SMMLV
    /// of this day's year, so an export loaded a year late still prices its additions at their own year's wage.</summary>
    public static DateOnly SeenOn(ContractVersion version) =>
        version.Contract.UpdatedInSecop is { } updated ? DateOnly.FromDateTime(updated) : DateOnly.FromDateTime(version.SyncedAt.ToOffset(ColombiaTime.Offset).DateTime);

    // Stores return histories oldest first; sorting 20,000 versions again would cost more than the page.
    static bool IsOrdered(IReadOnlyList<ContractVersion> history)
    {
        for (var i = 1; i < history.Count; i++)
            if (history[i - 1].Number >= history[i].Number) return false;
        return true;
    }

    public static string Money(decimal value) => "$ " + value.ToString("#,0", Colombia);

    /// <summary>A value SECOP did not publish is "sin dato", never "$ 0".</summary>
    public static string? Money(decimal? value) => value is { } v ? Money(v) : null;

    public static string? Date(DateOnly? day) => day?.ToString("d 'de' MMMM 'de' yyyy", Colombia);
}
