namespace ObrasQr.Contracts;

/// <summary>
/// Ley 80 de 1993, art. 40, parágrafo: a contract may not be added to by more than 50 % of its initial value
/// expressed in monthly legal minimum wages (SMMLV). So the initial value is taken at the SMMLV of the year the
/// contract was signed, each addition at the SMMLV of the year it was made, and the share compared in SMMLV,
/// not in nominal pesos (which inflation alone would push over the limit).
/// </summary>
public static class LegalAdditionLimit
{
    /// <summary>The share of the initial value (in SMMLV) that additions may not exceed.</summary>
    public const decimal Limit = 0.5m;

    public sealed record Addition(decimal Amount, DateOnly On);

    /// <param name="SharePercent">Additions over the initial value, both in SMMLV, in whole percent.</param>
    /// <param name="Explanation">How it was computed, in Spanish, for the page.</param>
    public sealed record Result(decimal InitialWages, decimal AddedWages, int SharePercent, bool OverLimit, string Explanation);

    /// <summary>The additions so far in SMMLV with one more, each at the SMMLV of its own year; null when a year's
    /// SMMLV is unknown or the sum does not fit, and null stays null. Summed in the additions' order, so a running sum
    /// (<see cref="ContractFactsSummary"/>) gives the very same figure as summing the whole history at once.</summary>
    public static decimal? Accumulate(decimal? addedWages, Addition addition) =>
        addedWages is { } sum && MinimumWage.Of(addition.On.Year) is { } wage ? SafeMath.Add(sum, addition.Amount / wage.Amount) : null;

    /// <summary>The check from the additions already summed in SMMLV (<see cref="Accumulate"/>; null: they cannot be)
    /// and the distinct years they were made in, ascending; null when it cannot be made honestly: no signing date, no
    /// initial value, or a year whose SMMLV the table does not have.</summary>
    public static Result? Check(decimal initialValue, DateOnly? signedOn, decimal? addedWagesSum, IReadOnlyList<int> additionYears)
    {
        if (signedOn is not { } signed || initialValue <= 0 || MinimumWage.Of(signed.Year) is not { } signingWage) return null;
        // A year the table does not have cannot be in a sum made with it (a kept summary of another table is rebuilt).
        if (addedWagesSum is not { } addedWages || additionYears.Any(y => MinimumWage.Of(y) is null)) return null;
        var initialWages = initialValue / signingWage.Amount;
        // Too large to divide means far over any limit.
        var share = SafeMath.Divide(addedWages, initialWages) ?? decimal.MaxValue;
        var years = additionYears.Select(y => MinimumWage.Of(y)!).ToList();
        var explanation =
            $"Calculado en salarios mínimos (SMMLV), como lo exige la Ley 80 de 1993 (art. 40, parágrafo): el valor inicial a " +
            $"{ContractChanges.Money(signingWage.Amount)} de {signed.Year} ({signingWage.Decree}) son {Wages(initialWages)} SMMLV" +
            (years.Count == 0 ? "; no hay adiciones registradas."
                : $"; las adiciones, al SMMLV del año de cada una ({string.Join("; ", years.Select(y => $"{y.Number}: {ContractChanges.Money(y.Amount)}, {y.Decree}"))}), " +
                  $"son {Wages(addedWages)} SMMLV, el {SafeMath.Percent(addedWages, initialWages)} % del valor inicial.");
        return new Result(initialWages, addedWages, SafeMath.Percent(addedWages, initialWages) ?? SafeMath.MaxPercent, share > Limit, explanation);
    }

    static string Wages(decimal wages) => Math.Round(wages, 1).ToString("#,0.#", System.Globalization.CultureInfo.GetCultureInfo("es-CO"));
}
