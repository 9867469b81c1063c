using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

/// <summary>
/// The facts folded version by version (what a store keeps) are the facts of the whole history: checked over varied
/// histories against the whole-history reading of the law written out here on its own, as ContractFacts computed it
/// before the fold (Ley 80 de 1993, art. 40, parágrafo: each addition at the SMMLV of its year).
/// </summary>
public sealed class ContractFactsSummaryTests
{
    static readonly DateOnly Today = VariedHistories.Today;

    [Theory, MemberData(nameof(VariedHistories.Seeds), MemberType = typeof(VariedHistories))]
    public void Folded_one_version_at_a_time_the_facts_equal_those_of_the_whole_history(int seed)
    {
        var history = VariedHistories.Of(seed);

        var folded = ContractFactsSummary.Start(history[0]);
        foreach (var version in history.Skip(1)) folded = folded.Then(version)!;
        var kept = ContractFactsSummary.FromJson(folded.ToJson())!; // as a store keeps it

        VariedHistories.AssertSameFacts(ContractFacts.Of(history, Today), ContractFacts.From(kept, history[^1], Today));
    }

    [Theory, MemberData(nameof(VariedHistories.Seeds), MemberType = typeof(VariedHistories))]
    public void The_folded_money_and_extension_figures_are_the_whole_history_reading_of_the_law(int seed)
    {
        var history = VariedHistories.Of(seed);

        var facts = ContractFacts.Of(history, Today);
        var expected = WholeHistory.Of(history);

        Assert.Equal(expected.Initial, facts.InitialValue);
        Assert.Equal(expected.Additions, facts.Additions);
        Assert.Equal(expected.AddedWages, facts.AdditionsInMinimumWages?.AddedWages);
        Assert.Equal(expected.Years, facts.AdditionsInMinimumWages is { } r ? YearsIn(r.Explanation) : null);
        Assert.Equal(expected.Extensions, facts.Extensions);
    }

    [Fact]
    public void The_varied_histories_reach_every_case_the_fold_must_get_right()
    {
        var all = VariedHistories.Seeds.Select(s => (int)s[0]).Select(s => (History: VariedHistories.Of(s), Facts: ContractFacts.Of(VariedHistories.Of(s), Today))).ToList();

        Assert.Contains(all, h => h.Facts.AdditionsInMinimumWages is { AddedWages: > 0 } r && YearsIn(r.Explanation)!.Count > 1);
        Assert.Contains(all, h => h.Facts.InitialValue is not null && h.Facts.Additions is null && !h.Facts.NotInSecop); // overflowed
        Assert.Contains(all, h => h.Facts.Additions > 0 && h.Facts.AdditionsInMinimumWages is null); // a year without SMMLV
        Assert.Contains(all, h => h.Facts.AdditionsOverLegalLimit);
        Assert.Contains(all, h => h.Facts.NotInSecop);
        Assert.Contains(all, h => h.Facts.IsSuspended);
        Assert.Contains(all, h => h.Facts.Extensions >= 2);
        Assert.Contains(all, h => h.Facts.InitialValue is null); // first version already modified
        Assert.Contains(all, h => h.History.Zip(h.History.Skip(1)).Any(p => p.Second.Contract.Value < p.First.Contract.Value));
    }

    [Fact]
    public void A_summary_stays_small_whatever_the_number_of_additions()
    {
        var contract = new Contract { ContractId = "CO1.PCCNTR.5", Type = "Obra", Status = "En ejecución", Value = 1_000_000_000, SignedOn = new(2015, 3, 1), AddedDays = 0 };
        var summary = ContractFactsSummary.Start(ContractVersion.First(contract, new DateTimeOffset(2015, 3, 1, 0, 0, 0, TimeSpan.Zero), "t"));
        var small = summary.ToJson().Length;
        for (var n = 2; n <= 5_000; n++)
        {
            contract = contract with { Value = contract.Value + 1_000, UpdatedInSecop = new DateTime(2015 + n % 12, 6, 1) };
            summary = summary.Then(new ContractVersion(contract.ContractId, n, contract, "h" + n, DateTimeOffset.UnixEpoch, "t"))!;
        }

        Assert.Equal(12, summary.AdditionYears.Count); // one entry per year of the SMMLV table at most, not per addition
        Assert.InRange(summary.ToJson().Length, small, small + 200);
    }

    [Fact]
    public void A_version_out_of_turn_or_a_summary_folded_under_other_rules_is_not_folded()
    {
        var history = VariedHistories.Of(3);
        var summary = ContractFactsSummary.Start(history[0]);
        var second = new ContractVersion(history[0].ContractId, 2, history[0].Contract with { Value = 1 }, "h", DateTimeOffset.UnixEpoch, "t");

        Assert.Null(summary.Then(second with { Number = 3 }));
        Assert.Null((summary with { Rules = "0/otra tabla de SMMLV" }).Then(second));
        Assert.False((summary with { Rules = "0/otra tabla de SMMLV" }).IsCurrentFor(1));
        Assert.True(summary.IsCurrentFor(1));
        Assert.Contains(MinimumWage.Fingerprint, ContractFactsSummary.CurrentRules); // a new SMMLV year rebuilds every summary
        Assert.Null(ContractFactsSummary.FromJson("{no es json"));
    }

    // The years an explanation names ("2024: $ 1.300.000, Decreto ..."), in order.
    static List<int>? YearsIn(string explanation) =>
        [.. System.Text.RegularExpressions.Regex.Matches(explanation, @"(\d{4}): \$").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The whole history read at once, as ContractFacts did before the fold: the reference the fold must equal.</summary>
    static class WholeHistory
    {
        static readonly HashSet<string> Unmodified = new(StringComparer.OrdinalIgnoreCase) { "Borrador", "enviado Proveedor", "En aprobación", "En aprobacion", "Aprobado", "Firmado", "Celebrado" };

        public static (decimal? Initial, decimal? Additions, decimal? AddedWages, List<int>? Years, int Extensions) Of(List<ContractVersion> history)
        {
            var first = history[0].Contract;
            var extensions = history.Zip(history.Skip(1)).Count(p =>
                p.First.Contract.AddedDays is { } b && p.Second.Contract.AddedDays is { } a ? a > b : p.Second.Contract.EndsOn > p.First.Contract.EndsOn);
            if (ManualWorks.IsManual(history[^1])) return (first.Value, null, null, null, extensions);
            if (!Unmodified.Contains(first.Status?.Trim() ?? "") || (first.AddedDays ?? 0) != 0) return (null, null, null, null, extensions);

            var steps = history.Zip(history.Skip(1)).Where(p => p.Second.Contract.Value > p.First.Contract.Value)
                .Select(p => (Amount: p.Second.Contract.Value - p.First.Contract.Value, On: ContractChanges.SeenOn(p.Second))).ToList();
            decimal? additions = 0m;
            foreach (var step in steps) additions = additions is { } s ? SafeMath.Add(s, step.Amount) : null;

            if (first.SignedOn is not { } signed || first.Value <= 0 || MinimumWage.Of(signed.Year) is null) return (first.Value, additions, null, null, extensions);
            decimal? wages = 0m;
            foreach (var step in steps)
                wages = wages is { } w && MinimumWage.Of(step.On.Year) is { } wage ? SafeMath.Add(w, step.Amount / wage.Amount) : null;
            var years = wages is null ? null : steps.Select(s => s.On.Year).Distinct().Order().ToList();
            return (first.Value, additions, wages, years, extensions);
        }
    }
}
