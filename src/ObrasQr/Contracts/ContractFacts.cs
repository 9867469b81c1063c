namespace ObrasQr.Contracts;

/// <summary>
/// The figures a citizen reads on a work's page, computed from its synchronised history and today's date in
/// Colombia: money added since the first version, time left or overdue, and the red flags in plain words.
/// </summary>
public sealed record ContractFacts
{
    /// <summary>Ley 80 de 1993 art. 40 par.: additions may not exceed half of the initial value.</summary>
    public const decimal LegalAdditionLimit = 0.5m;

    /// <summary>Added days beyond this share of the original term make a red flag.</summary>
    public const decimal ManyExtensionsShare = 0.5m;

    public required Contract Current { get; init; }
    public decimal InitialValue { get; init; }
    public decimal Additions { get; init; }
    public decimal Paid { get; init; }
    public decimal Pending { get; init; }
    public int PaidPercent { get; init; }
    /// <summary>Additions as a share of the initial value, in whole percent.</summary>
    public int AdditionsPercent { get; init; }
    public bool AdditionsOverLegalLimit { get; init; }

    public DateOnly? InitialEnd { get; init; }
    public int AddedDays { get; init; }
    /// <summary>Times a synchronised version moved the planned end later.</summary>
    public int Extensions { get; init; }
    public int? DaysLeft { get; init; }
    public int? DaysOverdue { get; init; }
    public int? TimeElapsedPercent { get; init; }

    public bool IsFinished { get; init; }
    public bool IsSuspended { get; init; }
    public string StatusExplained { get; init; } = "";
    public IReadOnlyList<string> RedFlags { get; init; } = [];

    // SECOP's states for works that are over; the others are still running (or paused).
    static readonly HashSet<string> FinishedStates = new(StringComparer.OrdinalIgnoreCase) { "terminado", "Cerrado", "Liquidado" };

    public static ContractFacts Of(IReadOnlyList<ContractVersion> history, DateOnly today)
    {
        if (history.Count == 0) throw new ArgumentException("A contract has at least one version.", nameof(history));
        var ordered = history.OrderBy(v => v.Number).ToList();
        var first = ordered[0].Contract;
        var current = ordered[^1].Contract;

        var initial = first.Value;
        var additions = Math.Max(0, current.Value - initial);
        var additionsShare = initial > 0 ? additions / initial : 0;
        var paid = Math.Min(current.PaidValue, current.Value);

        var status = current.Status?.Trim() ?? "";
        var finished = FinishedStates.Contains(status);
        var suspended = string.Equals(status, "Suspendido", StringComparison.OrdinalIgnoreCase);
        var extensions = ordered.Zip(ordered.Skip(1)).Count(p => p.Second.Contract.EndsOn > p.First.Contract.EndsOn);

        int? daysLeft = null, daysOverdue = null, elapsed = null;
        if (current.EndsOn is { } end)
        {
            var remaining = end.DayNumber - today.DayNumber;
            if (!finished && remaining < 0) daysOverdue = -remaining;
            else if (!finished) daysLeft = remaining;
            if (current.StartsOn is { } start && end > start)
                elapsed = Percent(Math.Clamp(today.DayNumber - start.DayNumber, 0, end.DayNumber - start.DayNumber), end.DayNumber - start.DayNumber);
        }

        var flags = new List<string>();
        if (additionsShare > LegalAdditionLimit)
            flags.Add($"Las adiciones suman {Percent(additions, initial)} % del valor inicial: superan el límite del 50 % de la Ley 80 de 1993 (art. 40).");
        if (daysOverdue is { } late)
            flags.Add($"La fecha de terminación prevista ya pasó hace {Days(late)} y el contrato sigue sin terminar.");
        if (suspended)
            flags.Add("La obra está suspendida: los trabajos están detenidos.");
        var originalTerm = current.StartsOn is { } s && current.EndsOn is { } e ? e.DayNumber - s.DayNumber - current.AddedDays : 0;
        if (extensions >= 2 || (originalTerm > 0 && current.AddedDays > originalTerm * ManyExtensionsShare))
            flags.Add($"El plazo se ha ampliado muchas veces: {Days(current.AddedDays)} más" +
                      (originalTerm > 0 ? $", {Percent(current.AddedDays, originalTerm)} % del plazo original." : "."));

        return new ContractFacts
        {
            Current = current,
            InitialValue = initial,
            Additions = additions,
            Paid = paid,
            Pending = current.Value - paid,
            PaidPercent = Percent(paid, current.Value),
            AdditionsPercent = Percent(additions, initial),
            AdditionsOverLegalLimit = additionsShare > LegalAdditionLimit,
            InitialEnd = first.EndsOn,
            AddedDays = current.AddedDays,
            Extensions = extensions,
            DaysLeft = daysLeft,
            DaysOverdue = daysOverdue,
            TimeElapsedPercent = elapsed,
            IsFinished = finished,
            IsSuspended = suspended,
            StatusExplained = Explain(status) + (daysOverdue is not null ? " Su plazo para terminar ya venció." : ""),
            RedFlags = flags,
        };
    }

    static string Explain(string status) => status.ToLowerInvariant() switch
    {
        "en ejecución" or "en ejecucion" => "La obra está en ejecución.",
        "modificado" => "El contrato fue modificado (valor, plazo u otras condiciones) y sigue en ejecución.",
        "prorrogado" => "Se amplió el plazo del contrato y la obra sigue en ejecución.",
        "suspendido" => "La obra está suspendida: los trabajos están detenidos por ahora.",
        "terminado" => "La obra terminó; falta cerrar y liquidar el contrato.",
        "cerrado" or "liquidado" => "El contrato está cerrado: la obra terminó y se liquidó.",
        "cedido" => "El contrato fue cedido a otro contratista.",
        "aprobado" => "El contrato está aprobado y a punto de iniciar.",
        "" => "SECOP II no informa el estado del contrato.",
        _ => $"Estado en SECOP II: {status}.",
    };

    static int Percent(decimal part, decimal whole) => whole <= 0 ? 0 : (int)Math.Round(part * 100 / whole, MidpointRounding.AwayFromZero);

    public static string Days(int days) => days == 1 ? "1 día" : $"{days.ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("es-CO"))} días";
}
