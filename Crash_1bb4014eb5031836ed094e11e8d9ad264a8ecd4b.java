import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_1bb4014eb5031836ed094e11e8d9ad264a8ecd4b {
    static final String base64Bytes = String.join("", "WwogIHsKICAgICJhbnN3ZXJzIjogWwogICAgICB7CiAgICAgICAgImFuc3dlciI6ICJJdCBwaWNrcyB3aGljaCB0aW1lIHN0ZXBzIG9mIHRoZSBpbnB1dCBzbi4iCiAgICAgIH0KICAgIF0KICB9LAogIHsKICAgICJxdWVzdGlvbiI6ICJIb3cgbWFueSBnYXRlcyBkb2VzIGEgc3RhbmRhcmQgTFNUTSBjZWxsIGhhdmU/IiwKICAgICJ0eXBlIjogIm51bWVyaWMiLAogICAgImFuc3dlcnMiOiBbCiAgICAgIHsKICAgICAgICAidHlwZSI6ICJ2YWx1ZSIsCiAgICAgICAgInZhbHVlIjogMywKICAgICAgICAiY29ycmVjdCI6IHRydWUsCiAgICAgICAgImZlZWRiYWNrIjogIlJpZ2h0OiBmb3JnZXQsIGlucHV0IGFuZCBvdXRwdXQsIGVhY2ggYSBzaWdtb2lkIHRoYXQgc2NhbGVzIGEgc2lnbmFsIGJyIG1lbW9yeSBpdCBubyBsb25nZXIgbmVlZHMuIgogICAgICB9LAogICAgICB7CiAgICAgICAgImFuc3dlciI6ICJmb3JnZXQgIiwKICAgICAgICAiY29ycmVjdCI6IHRydWUsCiAgICAgICAgIm1hdGNoX2Nhc2UiOiBmYWxzZSwKICAgICAgICAiZmVlZGJhY2siOiAiUmlnaHQ6IHRoZW8gbG9uZ2VyIG5lZWRzLiIKICAgICAgfSwKICAgICAgewogICAgICAgICJhbnN3ZXNlIjogZmFsc2UsCiAgICAgICAgImZlZWRiYWNrIjogIlRoZSBvdXRwdXQgZ2F0ZSB3YXMgaW4gOXRlaCAxOTcgZGVzaWduIGFscmVhZHkuIgogICAgICB9LAogICAgICB7CiAgICAgICAgImFuc3dlciI6ICJyZXNldCIsCiAgICAgICAgImNvcnJlY3QiOiBmYWxzZSwKICAgICAgICAibWF0Y2hfY2FzZSI6IGZhbHNlLAogICAgICAgICJmZWVkYmFjayI6ICJSZXNldCBpcyBhIEdSVSBnYXRlICg0MDI4KS4iCiAgICAgIH0sCiAgICAgIHsKICAgICAgICAidHlwZSI6ICJ/dmFsdWUwIiwKICAgICAgICAiZmVlZGJhY2siOiAiVGhpbmsgb2Ygd2hhdCB0aGUgY2VsbCBuZWVkcyB+byBkbyB3aXRoIG1lbW9yeSBpdCBubyBsb25nZXIgbmVlZHMuIgogICAgICB9CiAgICBdCiAgfQpdCg==");

    public static void main(String[] args) throws Throwable {
        Crash_1bb4014eb5031836ed094e11e8d9ad264a8ecd4b.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = org.lstmlab.web.quiz.QuizFuzzTest$Target.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = org.lstmlab.web.quiz.QuizFuzzTest$Target.class.getMethod("fuzzerInitialize", String[].class);
                fuzzerInitialize.invoke(null, (Object) args);
            } catch (NoSuchMethodException ignored1) {
            } catch (IllegalAccessException | InvocationTargetException e) {
                e.printStackTrace();
                System.exit(1);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            e.printStackTrace();
            System.exit(1);
        }
        byte[] input = java.util.Base64.getDecoder().decode(base64Bytes);
        org.lstmlab.web.quiz.QuizFuzzTest$Target.fuzzerTestOneInput(input);
    }
}