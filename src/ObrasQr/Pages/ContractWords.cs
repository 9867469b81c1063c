using ObrasQr.Contracts;

namespace ObrasQr.Pages;

/// <summary>Short phrases the page and its share preview both say, worded once.</summary>
public static class ContractWords
{
    /// <summary>Worded with the facts (<see cref="ContractFacts.Countdown"/>), where the suspended pause is decided.</summary>
    public static string Countdown(ContractFacts facts) => facts.Countdown;

    // SECOP writes some states in lower case ("terminado"): shown with a capital, like the others.
    public static string Status(string? status) =>
        status is { Length: > 0 } s ? char.ToUpper(s[0], System.Globalization.CultureInfo.GetCultureInfo("es-CO")) + s[1..] : "Sin estado";
}
