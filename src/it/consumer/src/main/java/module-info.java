/** A program that depends on jselect, as a consumer's module does. */
module app {
    requires dev.jselect;
}
