using System.Globalization;
using System.Text;
using ObrasQr.Contracts;

namespace ObrasQr.Accountability;

/// <summary>
/// One published work as the index, the statistics and the map show it: the contract's own words and what
/// <see cref="ContractFacts"/> concluded (red flags, overdue). Nothing here is derived again: a rule lives in
/// ContractFacts only.
/// </summary>
public sealed record WorkSummary(ContractFacts Facts, int Version)
{
    public Contract Contract => Facts.Current;
    public string ContractId => Contract.ContractId;
    public bool IsFlagged => Facts.RedFlags.Count > 0;
    public bool IsOverdue => Facts.DaysOverdue is not null;

    /// <summary>The place SECOP II gives as text (its main dataset has no coordinates): "Localización", else the city.</summary>
    public string Place => !string.IsNullOrWhiteSpace(Contract.Location) ? Contract.Location.Trim()
        : !string.IsNullOrWhiteSpace(Contract.City) ? Contract.City.Trim() : "Sin lugar en SECOP II";

    /// <summary>The work's name (<see cref="Contract.Name"/>), contractor and contract id folded for search: no accents, lower case.</summary>
    public string SearchText { get; } = Fold($"{Facts.Current.ContractId} {Facts.Current.Name} {Facts.Current.ContractorName}");

    public WorkStage Stage => Facts.IsFinished ? WorkStage.Finished
        : Facts.IsSuspended ? WorkStage.Suspended
        : Facts.DaysOverdue is not null ? WorkStage.Overdue
        : WorkStage.Running;

    /// <summary>Accent- and case-insensitive form of a text: what a citizen types ("via", "VÍA") finds "Vía".</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(char.ToLowerInvariant(c));
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}

/// <summary>Where a work stands, from <see cref="ContractFacts"/>: the index's status filter.</summary>
public enum WorkStage { Running, Overdue, Suspended, Finished }

public static class WorkStages
{
    /// <summary>The filter's value in the query string and its Spanish label.</summary>
    public static readonly IReadOnlyList<(WorkStage Stage, string Value, string Label)> All =
    [
        (WorkStage.Running, "en-curso", "En curso, dentro del plazo"),
        (WorkStage.Overdue, "vencida", "Plazo vencido sin terminar"),
        (WorkStage.Suspended, "suspendida", "Suspendida"),
        (WorkStage.Finished, "terminada", "Terminada"),
    ];

    public static string Label(WorkStage stage) => All.First(s => s.Stage == stage).Label;
}
