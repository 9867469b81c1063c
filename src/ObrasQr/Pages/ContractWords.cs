using ObrasQr.Contracts;

namespace ObrasQr.Pages;

/// <summary>Short phrases the page and its share preview both say, worded once.</summary>
public static class ContractWords
{
    public static string Countdown(ContractFacts facts) =>
        facts.IsFinished ? "La obra terminó" :
        facts.DaysOverdue is { } late ? $"Vencido hace {ContractFacts.Days(late)}" :
        facts.DaysLeft is { } left ? (left == 0 ? "Hoy vence el plazo" : $"Faltan {ContractFacts.Days(left)}") :
        "Sin fecha de terminación";

    // SECOP writes some states in lower case ("terminado"): shown with a capital, like the others.
    public static string Status(string? status) =>
        status is { Length: > 0 } s ? char.ToUpper(s[0], System.Globalization.CultureInfo.GetCultureInfo("es-CO")) + s[1..] : "Sin estado";
}
