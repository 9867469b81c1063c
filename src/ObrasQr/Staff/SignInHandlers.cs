using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Pages;
using ObrasQr.Reports;

namespace ObrasQr.Staff;

/// <summary>The desk's door: the sign-in form, sign-out, and the desk's home that sends each person to their work.</summary>
public static class SignInHandlers
{
    /// <summary>Each role starts where its daily work is: auditors at the reports, the office at its uploads, an admin
    /// at the staff list.</summary>
    public static RedirectHttpResult Home(Caller caller) => TypedResults.Redirect(caller.Role switch
    {
        Roles.Admin => "/escritorio/personal",
        Roles.Office => "/escritorio/cargas",
        _ => "/escritorio/reportes",
    });

    /// <summary>GET /escritorio/entrar?volver=/escritorio/...</summary>
    public static Task<IResult> Form(HttpContext context, PageRenderer pages, string? volver) =>
        FormPageAsync(context, pages, Redirects.LocalPath(volver), null, null, StatusCodes.Status200OK);

    /// <summary>POST /escritorio/entrar (email, password, csrf, volver)</summary>
    public static async Task<IResult> SignIn(HttpContext context, SignInGate gate, SecondFactor secondFactor, StaffSessions sessions, PageRenderer pages)
    {
        var form = await StaffHandlers.FormAsync(context);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var back = Redirects.LocalPath(form["volver"].ToString());
        if (!SignInForms.Matches(context.Request, form["csrf"].ToString()))
            return await FormPageAsync(context, pages, back, email, Expired, StatusCodes.Status403Forbidden);
        return await AnswerAsync(context, await gate.CheckAsync(context.Request, email, password), secondFactor, sessions, pages, back, email, null);
    }

    /// <summary>POST /escritorio/entrar/codigo (code, ticket, csrf, volver): the second factor's code after the password.</summary>
    public static async Task<IResult> SignInCode(HttpContext context, SignInGate gate, SecondFactor secondFactor, IStaffStore store, StaffSessions sessions, PageRenderer pages)
    {
        var form = await StaffHandlers.FormAsync(context);
        var back = Redirects.LocalPath(form["volver"].ToString());
        var csrf = form["csrf"].ToString();
        if (!SignInForms.Matches(context.Request, csrf))
            return await FormPageAsync(context, pages, back, null, Expired, StatusCodes.Status403Forbidden);
        var ticket = form["ticket"].ToString();
        if (secondFactor.OpenTicket(ticket, csrf) is not { } memberId || await store.FindAsync(memberId, context.RequestAborted) is not { } member)
            return await FormPageAsync(context, pages, back, null,
                $"Pasaron más de {(int)SecondFactor.TicketLife.TotalMinutes} minutos desde que escribió la contraseña. Escriba de nuevo su correo y contraseña.",
                StatusCodes.Status200OK);
        return await AnswerAsync(context, await gate.CheckCodeAsync(context.Request, member, form["code"].ToString()), secondFactor, sessions, pages, back,
            member.Email, ticket);
    }

    const string Expired = "El formulario venció o no se envió desde esta página. Escriba de nuevo su correo y contraseña.";

    /// <summary>The answer to either step. <paramref name="ticket"/> is set on the code step: its failures ask for the
    /// code again.</summary>
    static async Task<IResult> AnswerAsync(HttpContext context, SignInGate.Outcome outcome, SecondFactor secondFactor, StaffSessions sessions,
        PageRenderer pages, string? back, string email, string? ticket)
    {
        switch (outcome)
        {
            case SignInGate.SignedIn signedIn:
                await sessions.StartAsync(context, signedIn.Member);
                context.Response.Cookies.Delete(SignInForms.CookieName(context.Request), StaffSessions.Options(context.Request));
                return Redirects.SeeOther(back ?? "/escritorio");
            case SignInGate.NeedsCode needsCode:
                return await FormPageAsync(context, pages, back, email, null, StatusCodes.Status200OK,
                    secondFactor.Ticket(needsCode.Member, SignInForms.Issue(context)));
            case SignInGate.TooManyTries tooMany:
                RetryAfter.Set(context.Response, tooMany.Wait);
                return await FormPageAsync(context, pages, back, email,
                    $"Demasiados intentos fallidos desde esta conexión; intente de nuevo en {Minutes(tooMany.Wait)}.",
                    StatusCodes.Status429TooManyRequests);
            case SignInGate.SlowedDown slowed:
                RetryAfter.Set(context.Response, slowed.Wait);
                return await FormPageAsync(context, pages, back, email,
                    $"Hubo muchos intentos fallidos con este correo; desde esta conexión espere {Seconds(slowed.Wait)} antes de intentar de nuevo.",
                    StatusCodes.Status429TooManyRequests);
            default:
                if (ticket is not null)
                    return await FormPageAsync(context, pages, back, email,
                        $"El código no es correcto o ya se usó. Escriba el código que muestra ahora su aplicación, o uno de sus códigos de recuperación. Tras {SignInGate.MaxFailures} intentos fallidos desde una misma conexión, esa conexión debe esperar {(int)SignInGate.Lockout.TotalMinutes} minutos.",
                        StatusCodes.Status200OK, ticket);
                // One answer for a wrong password, an unknown e-mail or a disabled account: no hint of which.
                return await FormPageAsync(context, pages, back, email,
                    $"El correo o la contraseña no son correctos. Tras {SignInGate.MaxFailures} intentos fallidos desde una misma conexión, esa conexión debe esperar {(int)SignInGate.Lockout.TotalMinutes} minutos.",
                    StatusCodes.Status200OK);
        }
    }

    static string Minutes(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)) is var n && n == 1 ? "1 minuto" : $"{n} minutos";

    static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) is var n && n == 1 ? "1 segundo" : $"{n} segundos";

    /// <summary>POST /escritorio/salir (csrf)</summary>
    public static async Task<IResult> SignOut(HttpContext context, StaffSessions sessions)
    {
        await sessions.EndAsync(context);
        return Redirects.SeeOther(Redirects.SignInPath);
    }

    static Task<IResult> FormPageAsync(HttpContext context, PageRenderer pages, string? back, string? email, string? notice, int status, string? ticket = null)
    {
        var csrf = SignInForms.Issue(context);
        return pages.PageAsync<SignInPage>(new Dictionary<string, object?>
        {
            ["Csrf"] = csrf, ["Back"] = back, ["Email"] = email is { Length: <= 254 } ? email : null, ["Notice"] = notice, ["Ticket"] = ticket,
        }, status);
    }
}
