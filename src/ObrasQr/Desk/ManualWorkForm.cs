using System.Globalization;
using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Contracts;

namespace ObrasQr.Desk;

/// <summary>An entity that may own a registered work: from the caller's scope, or the ones this deployment is configured for.</summary>
public sealed record DeskEntity(string Nit, string? Name)
{
    public string Label => Name is null ? $"NIT {Nit}" : $"{Name} (NIT {Nit})";

    /// <summary>A NIT as SECOP writes it, without dots or check digit: "890.480.184-4" is 890480184.</summary>
    public static string Normalize(string nit)
    {
        var main = nit.Split('-')[0];
        return new string(main.Where(char.IsAsciiDigit).ToArray());
    }

    /// <summary>What the desk may register works for: the caller's own entity when scoped, otherwise the site's
    /// entity and every entity the sync pulls.</summary>
    public static IReadOnlyList<DeskEntity> For(Caller caller, ObrasQrOptions options)
    {
        var trustNit = options.Trust.EntityNit is { } t ? Normalize(t) : null;
        DeskEntity Named(string nit) => new(nit, nit == trustNit ? options.Trust.EntityName : null);
        if (caller.EntityNit is not null) return [Named(Normalize(caller.EntityNit))];
        return [.. new[] { trustNit }.Concat(options.Sync.Entities().Select(Normalize))
            .Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).Select(n => Named(n!))];
    }
}

/// <summary>
/// The short form for a work that is not in SECOP II: what a billboard must say (Bogotá's Acuerdo 787 de 2020 is the
/// model): the object, the contractor, the value, the dates, the place, the entity. Every field gets its own Spanish
/// reason, shown next to it; nothing is stored until all are right.
/// </summary>
public sealed class ManualWorkForm
{
    public const int MaxObject = 500, MaxText = 200;
    public static readonly decimal MaxValue = 10_000_000_000_000m; // ten trillion pesos: above any municipal budget
    static readonly CultureInfo Colombia = CultureInfo.GetCultureInfo("es-CO");

    /// <summary>The states a registered work may be in, as SECOP words them, so the page explains them the same way.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> States =
        [("En ejecución", "En ejecución"), ("Suspendido", "Suspendida"), ("terminado", "Terminada")];

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string Value(string field) => Values.GetValueOrDefault(field, "");

    public static ManualWorkForm Empty(IReadOnlyList<DeskEntity> entities)
    {
        var form = new ManualWorkForm();
        form.Values["estado"] = States[0].Value;
        if (entities.Count > 0) form.Values["entidad"] = entities[0].Nit;
        return form;
    }

    /// <summary>Reads the posted fields; the contract when every one is right, otherwise null with <see cref="Errors"/> set.</summary>
    public static (ManualWorkForm Form, Contract? Contract) Read(IFormCollection posted, IReadOnlyList<DeskEntity> entities)
    {
        var form = new ManualWorkForm();
        foreach (var field in new[] { "objeto", "contratista", "valor", "inicio", "fin", "lugar", "estado", "entidad" })
            form.Values[field] = posted[field].ToString().Trim();

        var obj = form.Text("objeto", "el objeto de la obra (qué se construye)", MaxObject);
        var contractor = form.Text("contratista", "el nombre del contratista", MaxText);
        var place = form.Text("lugar", "el lugar de la obra (municipio, barrio o dirección)", MaxText);
        var value = form.Money("valor");
        var starts = form.Date("inicio", "la fecha de inicio");
        var ends = form.Date("fin", "la fecha de terminación");
        if (starts is not null && ends is not null && ends < starts)
            form.Errors["fin"] = "La fecha de terminación no puede ser anterior a la de inicio.";
        var state = States.FirstOrDefault(s => s.Value == form.Value("estado")).Value;
        if (state is null) form.Errors["estado"] = "Elija el estado de la obra.";
        var entity = entities.FirstOrDefault(e => e.Nit == form.Value("entidad"));
        if (entity is null) form.Errors["entidad"] = "Elija una de las entidades de la lista.";

        if (form.Errors.Count > 0) return (form, null);
        return (form, new Contract
        {
            ContractId = ManualWorks.NewId(),
            Object = obj,
            ContractorName = contractor,
            City = place,
            Value = value!.Value,
            StartsOn = starts,
            EndsOn = ends,
            Status = state,
            Type = "Obra",
            EntityNit = entity!.Nit,
            EntityName = entity.Name,
        });
    }

    string? Text(string field, string what, int max)
    {
        var text = Value(field);
        if (text.Length == 0) { Errors[field] = $"Escriba {what}."; return null; }
        if (text.Length > max) { Errors[field] = $"Escriba como máximo {max} caracteres (tiene {text.Length})."; return null; }
        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')) { Errors[field] = "El texto tiene caracteres no válidos."; return null; }
        return text;
    }

    decimal? Money(string field)
    {
        var text = Value(field).Replace("$", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (text.Length == 0) { Errors[field] = "Escriba el valor del contrato en pesos."; return null; }
        if (!decimal.TryParse(text, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, Colombia, out var value))
        { Errors[field] = "Escriba el valor en pesos solo con números, por ejemplo 1.250.000.000."; return null; }
        if (value <= 0) { Errors[field] = "El valor debe ser mayor que cero."; return null; }
        if (value > MaxValue) { Errors[field] = "El valor es demasiado grande: revise los ceros."; return null; }
        return value;
    }

    DateOnly? Date(string field, string what)
    {
        var text = Value(field);
        if (text.Length == 0) { Errors[field] = $"Escriba {what}."; return null; }
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day.Year is >= 1990 and <= 2100)
            return day;
        Errors[field] = "Escriba una fecha válida, por ejemplo 2026-03-15 (año, mes y día).";
        return null;
    }
}
