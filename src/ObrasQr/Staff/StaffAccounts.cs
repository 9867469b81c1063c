using System.Net.Mail;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Secop;

namespace ObrasQr.Staff;

/// <summary>
/// Creating and changing staff accounts, the same for the command line, the demo and the admin page: each field
/// checked with a Spanish reason, and every change written to the staff log with who made it and when.
/// </summary>
public sealed class StaffAccounts(IStaffStore store, StaffPasswords passwords, TimeProvider clock)
{
    public const int MaxNameLength = 120;

    public sealed record Draft(string? Name, string? Email, string? Role, string? EntityNit);

    /// <summary>The account, or the field that is wrong and why.</summary>
    public async Task<(StaffMember? Member, FieldProblem? Problem)> CreateAsync(Draft draft, string password, string by, CancellationToken ct = default)
    {
        if (Check(draft) is { } wrong) return (null, wrong);
        if (StaffPasswords.Problem(password) is { } weak) return (null, new FieldProblem("password", weak));
        var member = new StaffMember("s-" + Guid.NewGuid().ToString("N"), draft.Name!.Trim(), draft.Email!.Trim(), draft.Role!.Trim().ToLowerInvariant(),
            Entity(draft.EntityNit), Disabled: false, passwords.Hash(password));
        if (!await store.AddAsync(member, ct))
            return (null, new FieldProblem("email", "Ya hay una cuenta con ese correo."));
        await store.LogAsync(new StaffChange(clock.GetUtcNow(), by, member.Email,
            $"Creó la cuenta con el rol {RoleName(member.Role)}, {ScopeName(member.EntityNit)}.", member.EntityNit), ct);
        return (member, null);
    }

    /// <summary>Changes an account's role, scope or state, logging what changed; null when nothing was wrong.</summary>
    public async Task<FieldProblem?> ChangeAsync(StaffMember member, string role, string? entityNit, bool disabled, string by, CancellationToken ct = default)
    {
        if (!Roles.All.Contains(role)) return new FieldProblem("role", RoleProblem);
        if (EntityProblem(entityNit) is { } wrongScope) return new FieldProblem("entity", wrongScope);
        // The differences are taken from the account as stored when the change is written, not as the admin's page read it.
        var what = new List<string>();
        var before = member;
        var stored = await store.ChangeAsync(member.Id, current =>
        {
            before = current;
            var changed = current with { Role = role, EntityNit = Entity(entityNit), Disabled = disabled };
            return changed == current ? null : changed;
        }, ct);
        if (stored is null || stored == before) return null;
        if (stored.Role != before.Role) what.Add($"cambió el rol de {RoleName(before.Role)} a {RoleName(stored.Role)}");
        if (stored.EntityNit != before.EntityNit) what.Add($"cambió el alcance de {ScopeName(before.EntityNit)} a {ScopeName(stored.EntityNit)}");
        if (stored.Disabled != before.Disabled) what.Add(stored.Disabled ? "desactivó la cuenta" : "activó la cuenta");
        var text = string.Join("; ", what);
        await store.LogAsync(new StaffChange(clock.GetUtcNow(), by, before.Email, char.ToUpperInvariant(text[0]) + text[1..] + ".", stored.EntityNit), ct);
        return null;
    }

    /// <summary>A person's change of their own password (which also ends a reset's obligation to change it); null
    /// when it was changed, else the field that is wrong and why.</summary>
    public async Task<FieldProblem?> ChangePasswordAsync(StaffMember member, string current, string chosen, string repeated, CancellationToken ct = default)
    {
        if (!passwords.Matches(member, current)) return new FieldProblem("current", "La contraseña actual no es correcta.");
        if (StaffPasswords.Problem(chosen) is { } weak) return new FieldProblem("password", weak);
        if (chosen == current) return new FieldProblem("password", "La contraseña nueva debe ser distinta de la actual.");
        if (chosen != repeated) return new FieldProblem("repeat", "Las dos contraseñas nuevas no coinciden.");
        var hash = passwords.Hash(chosen);
        await store.ChangeAsync(member.Id, current => current with { PasswordHash = hash, MustChangePassword = false, SessionsFrom = clock.GetUtcNow() }, ct);
        await store.LogAsync(new StaffChange(clock.GetUtcNow(), member.Name, member.Email,
            member.MustChangePassword ? "Eligió su contraseña nueva tras el restablecimiento." : "Cambió su contraseña.", member.EntityNit), ct);
        return null;
    }

    /// <summary>The field of a new account that is wrong and why; null when all are right.</summary>
    public static FieldProblem? Check(Draft draft)
    {
        var name = draft.Name?.Trim() ?? "";
        if (name.Length == 0) return new FieldProblem("name", "Escriba el nombre de la persona.");
        if (name.Length > MaxNameLength || name.Any(char.IsControl)) return new FieldProblem("name", $"El nombre puede tener hasta {MaxNameLength} caracteres, sin saltos de línea.");
        var email = draft.Email?.Trim() ?? "";
        if (email.Length is 0 or > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('@'))
            return new FieldProblem("email", "Escriba un correo electrónico válido, como ana@alcaldia.gov.co.");
        if (!Roles.All.Contains(draft.Role?.Trim().ToLowerInvariant())) return new FieldProblem("role", RoleProblem);
        if (EntityProblem(draft.EntityNit) is { } scope) return new FieldProblem("entity", scope);
        return null;
    }

    const string RoleProblem = "El rol debe ser office (oficina de contratación), auditor (respuesta de reportes) o admin (administración del personal).";

    static string? EntityProblem(string? nit) =>
        string.IsNullOrWhiteSpace(nit) || Entity(nit) is { Length: >= 6 and <= 15 } ? null
            : "El NIT de la entidad son sus dígitos, como 890480184 (el dígito de verificación se puede omitir).";

    /// <summary>The NIT as contracts carry it (<see cref="SecopValues.Document"/>: digits, no check digit); null for all entities.</summary>
    public static string? Entity(string? nit) =>
        string.IsNullOrWhiteSpace(nit) ? null : nit.Trim().All(c => char.IsAsciiDigit(c) || c is '-' or '.' or ' ') ? SecopValues.Document(nit) : "";

    public static string RoleName(string role) => role switch
    {
        Roles.Office => "oficina de contratación",
        Roles.Auditor => "auditor",
        Roles.Admin => "administrador",
        _ => role,
    };

    public static string ScopeName(string? nit) => nit is null ? "todas las entidades" : $"la entidad con NIT {nit}";
}
