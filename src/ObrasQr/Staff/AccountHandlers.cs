using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Pages;

namespace ObrasQr.Staff;

/// <summary>/escritorio/cuenta: each signed-in person's own account, their password and their second factor.</summary>
public static class AccountHandlers
{
    public const string Path = "/escritorio/cuenta";

    /// <summary>What a person with a <see cref="Caller.RequiredStep"/> may still use: their account and sign-out.</summary>
    public static bool OpenBeforeRequiredStep(HttpRoute route) =>
        route.Pattern == Path || route.Pattern.StartsWith(Path + "/", StringComparison.Ordinal) || route.Name == "SignOut";

    /// <summary>GET /escritorio/cuenta (?listo=contrasena|sin-factor after a change)</summary>
    public static async Task<IResult> Show(HttpContext context, Caller caller, IStaffStore store, SecondFactor secondFactor,
        IOptionsMonitor<ObrasQrOptions> options, PageRenderer pages, string? listo)
    {
        if (await MemberAsync(context, caller, store) is not { } member) return await NoAccountAsync(pages);
        var notice = listo switch
        {
            "contrasena" => "Su contraseña cambió.",
            "sin-factor" => "Su segundo factor quedó desactivado.",
            _ => null,
        };
        return await PageAsync(pages, caller, member, secondFactor, options, new() { ["Notice"] = notice }, StatusCodes.Status200OK);
    }

    /// <summary>POST /escritorio/cuenta/contrasena (current, password, repeat)</summary>
    public static async Task<IResult> ChangePassword(HttpContext context, Caller caller, StaffAccounts accounts, StaffSessions sessions,
        [AsParameters] AccountPageServices page)
    {
        var (store, secondFactor, options, pages) = page;
        if (await MemberAsync(context, caller, store) is not { } member) return await NoAccountAsync(pages);
        var form = await StaffHandlers.FormAsync(context);
        var problem = await accounts.ChangePasswordAsync(member, form["current"].ToString(), form["password"].ToString(), form["repeat"].ToString(),
            context.RequestAborted);
        if (problem is not null)
            return await PageAsync(pages, caller, member, secondFactor, options, new() { ["Problems"] = Problem(problem.Field, problem.Reason) }, StatusCodes.Status400BadRequest);
        // Every other browser of this person is signed out by the change; this one goes on in a new session.
        await sessions.EndAsync(context);
        await sessions.StartAsync(context, member);
        // After a reset's new password the person goes on to their work (or to a second factor their role requires).
        return Redirects.SeeOther(member.MustChangePassword ? "/escritorio" : Path + "?listo=contrasena");
    }

    /// <summary>POST /escritorio/cuenta/segundo-factor: a new secret to enrol, shown on the page until confirmed.</summary>
    public static async Task<IResult> BeginSecondFactor(HttpContext context, Caller caller, IStaffStore store, SecondFactor secondFactor, PageRenderer pages)
    {
        if (await MemberAsync(context, caller, store) is not { } member) return await NoAccountAsync(pages);
        if (!member.HasSecondFactor) await secondFactor.BeginAsync(member, context.RequestAborted);
        return Redirects.SeeOther(Path + "#segundo-factor");
    }

    /// <summary>POST /escritorio/cuenta/segundo-factor/confirmar (code): on with a first right code; the recovery codes shown this once.</summary>
    public static async Task<IResult> ConfirmSecondFactor(HttpContext context, Caller caller, IStaffStore store, SecondFactor secondFactor,
        IOptionsMonitor<ObrasQrOptions> options, PageRenderer pages)
    {
        if (await MemberAsync(context, caller, store) is not { } member) return await NoAccountAsync(pages);
        var form = await StaffHandlers.FormAsync(context);
        if (await secondFactor.ConfirmAsync(member, form["code"].ToString(), context.RequestAborted) is not { } codes)
            return await PageAsync(pages, caller, member, secondFactor, options, new()
            {
                ["Problems"] = Problem("code", "El código no es correcto. Escriba el código de 6 cifras que muestra ahora la aplicación para esta cuenta."),
            }, StatusCodes.Status400BadRequest);
        member = await store.FindAsync(member.Id, context.RequestAborted) ?? member;
        return await PageAsync(pages, caller, member, secondFactor, options, new() { ["RecoveryCodes"] = codes }, StatusCodes.Status200OK);
    }

    /// <summary>POST /escritorio/cuenta/segundo-factor/desactivar (current): with the password, unless the role requires a second factor.</summary>
    public static async Task<IResult> DisableSecondFactor(HttpContext context, Caller caller, IStaffStore store, StaffPasswords passwords, SecondFactor secondFactor,
        IOptionsMonitor<ObrasQrOptions> options, PageRenderer pages)
    {
        if (await MemberAsync(context, caller, store) is not { } member) return await NoAccountAsync(pages);
        var form = await StaffHandlers.FormAsync(context);
        string? problem = options.CurrentValue.Staff.Requires(member) ? "Su rol debe usar segundo factor en esta entidad: no se puede desactivar."
            : !passwords.Matches(member, form["current"].ToString()) ? "La contraseña actual no es correcta."
            : null;
        if (problem is not null)
            return await PageAsync(pages, caller, member, secondFactor, options, new() { ["Problems"] = Problem("disable-current", problem) }, StatusCodes.Status400BadRequest);
        await secondFactor.DisableAsync(member, member.Name, context.RequestAborted);
        return Redirects.SeeOther(Path + "?listo=sin-factor");
    }

    static Dictionary<string, string> Problem(string field, string problem) => new() { [field] = problem };

    /// <summary>The caller's own account; null for an API key, which has none.</summary>
    static async Task<StaffMember?> MemberAsync(HttpContext context, Caller caller, IStaffStore store) =>
        caller.MemberId is { } id ? await store.FindAsync(id, context.RequestAborted) : null;

    static Task<IResult> NoAccountAsync(PageRenderer pages) => pages.PageAsync<DeskRefusedPage>(new Dictionary<string, object?>
    {
        ["Title"] = "Sin cuenta del escritorio",
        ["Message"] = "Esta página es de las cuentas del escritorio: entre con su correo y contraseña.",
    }, StatusCodes.Status404NotFound);

    /// <summary>What the account page needs to be shown again, resolved by the framework as one parameter.</summary>
    public sealed record AccountPageServices(IStaffStore Store, SecondFactor SecondFactor, IOptionsMonitor<ObrasQrOptions> Options, PageRenderer Pages);

    static Task<IResult> PageAsync(PageRenderer pages, Caller caller, StaffMember member, SecondFactor secondFactor, IOptionsMonitor<ObrasQrOptions> options,
        Dictionary<string, object?> parameters, int status)
    {
        parameters["Caller"] = caller;
        parameters["Member"] = member;
        parameters["Pending"] = member.HasSecondFactor ? null : secondFactor.Pending(member);
        parameters["SecondFactorRequired"] = options.CurrentValue.Staff.Requires(member);
        return pages.PageAsync<AccountPage>(parameters, status);
    }
}
