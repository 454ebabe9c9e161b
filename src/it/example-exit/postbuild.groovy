// What mvn -q printed: the program's two lines, its arguments split as a shell splits them, and
// nothing of Maven's (no [ERROR] summary).
def log = new File(basedir, 'build.log').text.replaceAll('\u001B\\[[0-9;]*m', '')
assert log.contains('refuses: no twin named [nope, a, b c]\nusage: refuses NAME [ARGS]\n') : log
assert !log.contains('[ERROR]') : log
assert !log.contains('BUILD FAILURE') : log
