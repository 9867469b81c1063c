using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObrasQr.Contracts;

/// <summary>
/// What <see cref="ContractFacts"/> needs from a contract's history besides its current version, folded one version at
/// a time (<see cref="Then"/>), so a store keeps it beside the contract and updates it in the same write as each new
/// version: the first view of a page then reads this and the latest versions, not 20,000 versions.
/// Its size does not grow with the history: running sums and counts, the first version's and the latest folded
/// version's figures, and the distinct years of the additions, which are at most the years
/// <see cref="MinimumWage"/> knows (a year it does not know makes the SMMLV sum unknown and the list is dropped).
/// It is a cache of the history, never the truth: one folded under other rules (<see cref="Rules"/>: this code's
/// revision and the SMMLV table) or that is behind the current version is ignored, and rebuilt from every version.
/// </summary>
public sealed record ContractFactsSummary
{
    /// <summary>Bump when the fold changes: kept summaries are then rebuilt from the history on their next read.</summary>
    const int Revision = 1;

    /// <summary>The rules the kept summaries must have been folded under: the fold's revision and the SMMLV table
    /// (each December a new year is added; an addition of that year folded before then has no SMMLV sum).</summary>
    public static string CurrentRules { get; } = $"{Revision}/{MinimumWage.Fingerprint}";

    public required string Rules { get; init; }
    /// <summary>The last version folded in: its number is the number of versions (they are numbered from 1).</summary>
    public required int Through { get; init; }

    // The first version, as ContractFacts reads it: the initial value is known only when it was unmodified.
    public decimal FirstValue { get; init; }
    public string? FirstStatus { get; init; }
    public int? FirstAddedDays { get; init; }
    public DateOnly? FirstSignedOn { get; init; }

    // The last version folded in: the "before" of the next change.
    public decimal LastValue { get; init; }
    public int? LastAddedDays { get; init; }
    public DateOnly? LastEndsOn { get; init; }

    /// <summary>Nominal sum of the rises in value; null once it does not fit a decimal (as <see cref="SafeMath.Sum"/>).</summary>
    public decimal? Additions { get; init; } = 0m;
    /// <summary>The same rises, each in SMMLV of its year, summed in version order (<see cref="LegalAdditionLimit.Accumulate"/>);
    /// null once a year's SMMLV is unknown or the sum overflows.</summary>
    public decimal? AddedWages { get; init; } = 0m;
    /// <summary>Distinct years of the additions, ascending; empty once <see cref="AddedWages"/> is null.</summary>
    public IReadOnlyList<int> AdditionYears { get; init; } = [];
    /// <summary>Changes that added days (or, without that column, moved the end later).</summary>
    public int Extensions { get; init; }

    /// <summary>The summary of a history that has only its first version.</summary>
    public static ContractFactsSummary Start(ContractVersion first) => new()
    {
        Rules = CurrentRules,
        Through = first.Number,
        FirstValue = first.Contract.Value,
        FirstStatus = first.Contract.Status,
        FirstAddedDays = first.Contract.AddedDays,
        FirstSignedOn = first.Contract.SignedOn,
        LastValue = first.Contract.Value,
        LastAddedDays = first.Contract.AddedDays,
        LastEndsOn = first.Contract.EndsOn,
    };

    /// <summary>This summary with <paramref name="next"/> folded in, or null when it cannot be: folded under other rules,
    /// or <paramref name="next"/> is not the version right after <see cref="Through"/>.</summary>
    public ContractFactsSummary? Then(ContractVersion next)
    {
        if (Rules != CurrentRules || next.Number != Through + 1) return null;
        var after = next.Contract;
        var (additions, wages, years) = (Additions, AddedWages, AdditionYears);
        // Each synchronised change that raised the value is one addition, dated by SECOP's stamp (or our sync).
        if (after.Value > LastValue)
        {
            var amount = SafeMath.Subtract(after.Value, LastValue);
            additions = amount is { } a && additions is { } sum ? SafeMath.Add(sum, a) : null;
            var on = ContractChanges.SeenOn(next);
            wages = amount is { } added ? LegalAdditionLimit.Accumulate(wages, new LegalAdditionLimit.Addition(added, on)) : null;
            years = wages is null ? [] : years.Contains(on.Year) ? years : [.. years.Append(on.Year).Order()];
        }
        return this with
        {
            Through = next.Number,
            LastValue = after.Value,
            LastAddedDays = after.AddedDays,
            LastEndsOn = after.EndsOn,
            Additions = additions,
            AddedWages = wages,
            AdditionYears = years,
            Extensions = Extensions + (IsExtension(LastAddedDays, LastEndsOn, after) ? 1 : 0),
        };
    }

    /// <summary>Every version folded in, oldest first (sorted here when a caller's list is not).</summary>
    public static ContractFactsSummary Of(IReadOnlyList<ContractVersion> history)
    {
        if (history.Count == 0) throw new ArgumentException("A contract has at least one version.", nameof(history));
        var ordered = history.Zip(history.Skip(1)).All(p => p.First.Number < p.Second.Number) ? history : history.OrderBy(v => v.Number).ToList();
        var summary = Start(ordered[0]);
        // Renumbered from the first so a history with a gap (never written by the stores) still folds every version.
        for (var i = 1; i < ordered.Count; i++)
            summary = summary.Then(ordered[i] with { Number = summary.Through + 1 })!;
        return summary with { Through = ordered[^1].Number };
    }

    /// <summary>Whether this summary can stand for a history whose current version is <paramref name="currentNumber"/>.</summary>
    public bool IsCurrentFor(int currentNumber) => Rules == CurrentRules && Through == currentNumber;

    static bool IsExtension(int? beforeAddedDays, DateOnly? beforeEndsOn, Contract after) =>
        beforeAddedDays is { } b && after.AddedDays is { } a ? a > b : after.EndsOn > beforeEndsOn;

    public string ToJson() => JsonSerializer.Serialize(this, SummaryJsonContext.Default.ContractFactsSummary);

    /// <summary>The kept summary, or null when there is none or it cannot be read (then it is rebuilt).</summary>
    public static ContractFactsSummary? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonSerializer.Deserialize(json, SummaryJsonContext.Default.ContractFactsSummary); }
        catch (JsonException) { return null; }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ContractFactsSummary))]
partial class SummaryJsonContext : JsonSerializerContext;
