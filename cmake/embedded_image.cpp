// Links the whole embeddable core into one Cortex-M4 image (--whole-archive), so the CI
// cross build proves every symbol resolves against newlib-nano alone and reports its size.
int main() { return 0; }
