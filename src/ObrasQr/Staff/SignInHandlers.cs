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
        FormPageAsync(context, pages, DeskAnswers.LocalPath(volver), null, null, StatusCodes.Status200OK);

    /// <summary>POST /escritorio/entrar (email, password, csrf, volver)</summary>
    public static async Task<IResult> SignIn(HttpContext context, SignInGate gate, StaffSessions sessions, PageRenderer pages)
    {
        IFormCollection? form = null;
        if (context.Request.HasFormContentType)
        {
            try { form = await context.Request.ReadFormAsync(context.RequestAborted); }
            catch (InvalidDataException) { }
            catch (BadHttpRequestException) { }
        }
        var email = (form?["email"].ToString() ?? "").Trim();
        var password = form?["password"].ToString() ?? "";
        var back = DeskAnswers.LocalPath(form?["volver"].ToString());
        if (form is null || !SignInForms.Matches(context.Request, form["csrf"].ToString()))
            return await FormPageAsync(context, pages, back, email, "El formulario venció o no se envió desde esta página. Escriba de nuevo su correo y contraseña.",
                StatusCodes.Status403Forbidden);

        switch (await gate.CheckAsync(context.Request, email, password))
        {
            case SignInGate.SignedIn signedIn:
                await sessions.StartAsync(context, signedIn.Member);
                context.Response.Cookies.Delete(SignInForms.CookieName(context.Request), StaffSessions.Options(context.Request));
                return DeskAnswers.SeeOther(back ?? "/escritorio");
            case SignInGate.TooManyTries tooMany:
                SubmissionLimiter.SetRetryAfter(context.Response, tooMany.Wait);
                return await FormPageAsync(context, pages, back, email,
                    $"Demasiados intentos fallidos desde esta conexión; intente de nuevo en {Minutes(tooMany.Wait)}.",
                    StatusCodes.Status429TooManyRequests);
            case SignInGate.SlowedDown slowed:
                SubmissionLimiter.SetRetryAfter(context.Response, slowed.Wait);
                return await FormPageAsync(context, pages, back, email,
                    $"Hubo muchos intentos fallidos con este correo; desde esta conexión espere {Seconds(slowed.Wait)} antes de intentar de nuevo.",
                    StatusCodes.Status429TooManyRequests);
            default:
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
        return DeskAnswers.SeeOther(DeskAnswers.SignInPath);
    }

    static Task<IResult> FormPageAsync(HttpContext context, PageRenderer pages, string? back, string? email, string? notice, int status)
    {
        var csrf = SignInForms.Issue(context);
        return pages.PageAsync<SignInPage>(new Dictionary<string, object?>
        {
            ["Csrf"] = csrf, ["Back"] = back, ["Email"] = email is { Length: <= 254 } ? email : null, ["Notice"] = notice,
        }, status);
    }
}
