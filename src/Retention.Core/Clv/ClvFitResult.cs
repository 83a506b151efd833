using System.Collections.ObjectModel;

namespace Retention.Clv;

/// <summary>
/// The outcome of fitting a CLV model: the parameters by name, the log-likelihood, and whether the optimizer converged
/// (and why not, when it did not). Never a silent bad fit: check <see cref="Converged"/>.
/// </summary>
/// <remarks>
/// This non-generic view serves code that handles every model alike (a command line printing JSON);
/// <see cref="ClvFitResult{TModel}"/> adds the typed model for predictions. Thread safety: immutable.
/// </remarks>
public abstract class ClvFitResult
{
    private protected ClvFitResult(string modelName, ClvParameter[] parameters, double logLikelihood, int iterations, string? failureReason, double totalWeight)
    {
        ModelName = modelName;
        Parameters = new ReadOnlyCollection<ClvParameter>(parameters);
        LogLikelihood = logLikelihood;
        Iterations = iterations;
        FailureReason = failureReason;
        TotalWeight = totalWeight;
    }

    /// <summary>Gets the model's short name.</summary>
    /// <value>One of <c>bgnbd</c>, <c>mbgnbd</c>, <c>paretonbd</c>, <c>gammagamma</c>, <c>bgbb</c>, <c>sbg</c>.</value>
    public string ModelName { get; }

    /// <summary>Gets the fitted parameters in the literature's order, with their standard errors.</summary>
    /// <value>For BG/NBD: <c>r</c>, <c>alpha</c>, <c>a</c>, <c>b</c>.</value>
    public IReadOnlyList<ClvParameter> Parameters { get; }

    /// <summary>Gets the log-likelihood of the data at the estimate (weighted; without the penalty).</summary>
    /// <value>A finite number for a converged fit.</value>
    public double LogLikelihood { get; }

    /// <summary>Gets whether the optimizer met its convergence tolerance at finite parameters.</summary>
    /// <value><see langword="false"/> means the parameters are not a trustworthy estimate; see <see cref="FailureReason"/>.</value>
    public bool Converged => FailureReason is null;

    /// <summary>Gets why the fit did not converge.</summary>
    /// <value><see langword="null"/> when <see cref="Converged"/> is <see langword="true"/>.</value>
    public string? FailureReason { get; }

    /// <summary>Gets the number of quasi-Newton iterations taken.</summary>
    /// <value>0 or more.</value>
    public int Iterations { get; }

    /// <summary>Gets the total weight of the data fitted (the number of customers when unweighted).</summary>
    /// <value>Above 0.</value>
    public double TotalWeight { get; }

    /// <summary>Returns the estimate of the parameter with the given name.</summary>
    /// <param name="name">A name from <see cref="Parameters"/>, for example <c>alpha</c>.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the model has no parameter of that name.</exception>
    public double this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            foreach (var p in Parameters)
            {
                if (p.Name == name)
                {
                    return p.Value;
                }
            }

            Preconditions.ThrowInvalid("name", name, "is not a parameter of " + ModelName + " (" + string.Join(", ", Parameters.Select(p => p.Name)) + ")");
            return double.NaN;
        }
    }

    /// <summary>Returns a one-line description for diagnostics.</summary>
    /// <returns>For example <c>bgnbd r=0.2426 alpha=4.414 a=0.7929 b=2.426 LL=-9582.43 converged in 21 iterations</c>.</returns>
    public override string ToString()
    {
        var parameters = string.Join(" ", Parameters.Select(p => FormattableString.Invariant($"{p.Name}={p.Value:G4}")));
        var status = Converged ? FormattableString.Invariant($"converged in {Iterations} iterations") : "not converged: " + FailureReason;
        return FormattableString.Invariant($"{ModelName} {parameters} LL={LogLikelihood:F2} {status}");
    }
}

/// <summary>The outcome of fitting a CLV model, with the fitted model itself for predictions.</summary>
/// <typeparam name="TModel">The model type, for example <see cref="BgNbdModel"/>.</typeparam>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class ClvFitResult<TModel> : ClvFitResult
    where TModel : class
{
    internal ClvFitResult(TModel model, string modelName, ClvParameter[] parameters, double logLikelihood, int iterations, string? failureReason, double totalWeight)
        : base(modelName, parameters, logLikelihood, iterations, failureReason, totalWeight)
    {
        Model = model;
    }

    /// <summary>Gets the fitted model, ready for predictions.</summary>
    /// <value>The model at the estimate (also when the fit did not converge: check <see cref="ClvFitResult.Converged"/>).</value>
    public TModel Model { get; }
}
