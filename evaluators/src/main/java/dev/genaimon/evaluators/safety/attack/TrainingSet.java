package dev.genaimon.evaluators.safety.attack;

/**
 * What the dense trainers ({@link DenseLogistic}, {@link EmbeddingMlp}) compute from their training examples before
 * the first epoch: the inputs' mean and standard deviation per dimension (inputs are standardised so that one
 * learning rate fits every dimension) and the class weights that balance attacks against benign examples.
 *
 * @param mean          per dimension, on the training examples
 * @param sd            per dimension (1 where a dimension is constant)
 * @param positiveScale loss multiplier of an attack example: total weight / (2 × attack weight)
 * @param negativeScale loss multiplier of a benign example: total weight / (2 × benign weight)
 */
record TrainingSet(double[] mean, double[] sd, double positiveScale, double negativeScale) {

    /**
     * @param x      one input vector per example, all of the same length
     * @param y      true for an attack
     * @param weight per-example loss weight
     */
    static TrainingSet of(float[][] x, boolean[] y, double[] weight) {
        int n = x.length;
        if (n == 0 || y.length != n || weight.length != n) {
            throw new IllegalArgumentException("need as many labels and weights as examples, and at least one");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (float[] xi : x) {
            for (int i = 0; i < d; i++) {
                mean[i] += xi[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= n;
        }
        for (float[] xi : x) {
            for (int i = 0; i < d; i++) {
                sd[i] += (xi[i] - mean[i]) * (xi[i] - mean[i]);
            }
        }
        for (int i = 0; i < d; i++) {
            sd[i] = Math.sqrt(sd[i] / n);
            sd[i] = sd[i] > 1e-12 ? sd[i] : 1;
        }
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < n; i++) {
            if (y[i]) {
                pos += weight[i];
            } else {
                neg += weight[i];
            }
        }
        double total = pos + neg;
        return new TrainingSet(mean, sd, pos > 0 ? total / (2 * pos) : 1, neg > 0 ? total / (2 * neg) : 1);
    }
}
